package dev.melody.stream.impl.connection;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One kind of log line that clients can provoke at will, written at most once per interval, without stack traces.
 *
 * <p><b>Role.</b> A hostile client can make an application's inbound observer throw once per message; a log line
 * with a thousand-frame stack trace per message would let it flood the server's log. Such lines go through a
 * {@code ThrottledLog}: the first in each interval is written as one short line ({@link #brief(Throwable)} names the
 * exception, its message cut to {@value #MESSAGE_MAX} characters, and where it was thrown), and says how many were
 * left out since the previous one. The full stack trace goes to the DEBUG level, under the same limit, for whoever
 * needs it.
 *
 * <p><b>Thread-safety.</b> Lock-free; {@link #log} may be called from any number of threads.
 *
 * <p><b>Lifecycle.</b> One per kind of line, usually a static field of the class that writes it.
 */
public final class ThrottledLog {

    /** The longest part of an exception's message that goes into a line. */
    static final int MESSAGE_MAX = 160;

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Creates a throttle on the system clock.
     *
     * @param logger the logger the lines go to
     * @param interval the least time between two written lines
     */
    public ThrottledLog(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    ThrottledLog(Logger logger, Duration interval, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Writes the line unless one was written less than the interval ago.
     *
     * @param level the level of the line
     * @param line the line, built only when it is written
     * @param failure the exception behind it, whose stack trace goes to DEBUG; or {@code null}
     * @return {@code true} if the line was written
     */
    public boolean log(Level level, Supplier<String> line, Throwable failure) {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long left = suppressed.getAndSet(0);
        String text = left == 0 ? line.get()
                : line.get() + " (" + left + " more like it since the previous one were not logged)";
        logger.log(level, text);
        if (failure != null && logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, "Stack trace of the failure above", failure);
        }
        return true;
    }

    /**
     * Describes an exception in a few words: its class, its message cut short, and its first stack frame.
     *
     * @param failure the exception
     * @return such as {@code java.lang.RuntimeException: Input is too deeply nested (at app.Parser.read:42)}
     */
    public static String brief(Throwable failure) {
        String message = failure.getMessage();
        StringBuilder out = new StringBuilder(failure.getClass().getName());
        if (message != null) {
            String oneLine = message.replaceAll("[\\r\\n\\t]+", " ");
            out.append(": ").append(oneLine.length() <= MESSAGE_MAX ? oneLine
                    : oneLine.substring(0, MESSAGE_MAX) + "...");
        }
        StackTraceElement[] frames = failure.getStackTrace();
        if (frames.length > 0) {
            StackTraceElement top = frames[0];
            out.append(" (at ").append(top.getClassName()).append('.').append(top.getMethodName());
            if (top.getLineNumber() > 0) {
                out.append(':').append(top.getLineNumber());
            }
            out.append(')');
        }
        return out.toString();
    }
}
