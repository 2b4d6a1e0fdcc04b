package dev.melody.stream.spi.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines limited to one per cause per interval, so that a flood of bad input or of failures writes a few lines,
 * each with the count of what it stands for, and no stack trace.
 *
 * <p><b>Thread-safety.</b> Thread-safe; callers race for the right to write, and one wins per interval.
 *
 * <p><b>Lifecycle.</b> One per backplane (or per component that reports bad input or failures).
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentMap<String, AtomicLong> lastWritten = new ConcurrentHashMap<>();

    /**
     * Makes the limiter.
     *
     * @param logger where lines go
     * @param intervalNanos the least time between two lines of one cause
     */
    public RateLimitedLog(Logger logger, long intervalNanos) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Writes a line unless one of the same cause was written within the interval.
     *
     * @param cause the cause, the key of the limit
     * @param level the level
     * @param message the line, built only when it is written
     * @return whether it was written
     */
    public boolean log(String cause, Level level, java.util.function.Supplier<String> message) {
        long now = System.nanoTime();
        AtomicLong last = lastWritten.computeIfAbsent(cause, c -> new AtomicLong(now - intervalNanos - 1));
        long before = last.get();
        if (now - before <= intervalNanos || !last.compareAndSet(before, now)) {
            return false;
        }
        logger.log(level, message.get());
        return true;
    }
}
