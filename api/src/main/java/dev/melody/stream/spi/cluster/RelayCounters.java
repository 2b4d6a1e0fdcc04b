package dev.melody.stream.spi.cluster;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one {@link RelayBackplane}, and the {@link RelayStatistics} snapshot taken of them.
 *
 * <p><b>Thread-safety.</b> Thread-safe: every counter is a {@link LongAdder}, incremented by the relay's publisher
 * thread, its listener thread or a broadcaster ({@code queueFull}), and read by any thread asking for statistics.
 *
 * <p><b>Lifecycle.</b> One per relay, made with it; counts from zero for the relay's life.
 */
final class RelayCounters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder queueFull = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder ownSkipped = new LongAdder();
    final LongAdder gapsDetected = new LongAdder();
    final LongAdder missedDetected = new LongAdder();
    final LongAdder gapNotices = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder outages = new LongAdder();
    final LongAdder untracked = new LongAdder();
    private final ConcurrentMap<GoEnvelope.Cause, LongAdder> malformed = new ConcurrentHashMap<>();

    /**
     * Counts one message skipped for a cause.
     *
     * @param cause why it was skipped
     * @return the messages skipped for that cause so far, this one included
     */
    long malformed(GoEnvelope.Cause cause) {
        LongAdder count = malformed.computeIfAbsent(cause, c -> new LongAdder());
        count.increment();
        return count.sum();
    }

    /**
     * Takes a snapshot; the counters are read one after another.
     *
     * @param connected whether the relay has a link open now
     * @return the snapshot
     */
    RelayStatistics snapshot(boolean connected) {
        Map<GoEnvelope.Cause, Long> byCause = new EnumMap<>(GoEnvelope.Cause.class);
        malformed.forEach((cause, count) -> byCause.put(cause, count.sum()));
        long skipped = byCause.values().stream().mapToLong(Long::longValue).sum();
        return new RelayStatistics(connected, published.sum(), publishFailures.sum(), queueFull.sum(),
                received.sum(), delivered.sum(), ownSkipped.sum(), skipped, byCause, gapsDetected.sum(),
                missedDetected.sum(), gapNotices.sum(), connects.sum(), outages.sum());
    }
}
