package dev.melody.stream.impl.hub;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The hub's topic logs and what keeps their memory finite: expiry of idle topics after {@code historyTtl}, and the
 * hub-wide bound {@code maxRetainedBytes}.
 *
 * <p><b>Role.</b> Owns the topic → log map and the running total of the bytes the logs retain (each log reports its
 * changes). Past the bound it frees room in this order: idle logs (no subscriber), least recently used first; then,
 * if that is not enough, the oldest entries of the largest logs, whose readers still behind them get a gap. It frees
 * down to {@value #LOW_WATER_EIGHTHS}/8 of the bound, so that the next pass is far away. The fixed cost of logs
 * with subscribers (about {@value TopicLog#LOG_OVERHEAD_BYTES} bytes each) cannot be freed; past the bound by that,
 * a pass is tried again only once an eighth of the bound more is retained.
 *
 * <p><b>Thread-safety.</b> Thread-safe. Sweeps and evictions run on whichever hub caller finds one due (a broadcaster
 * or a subscriber), one at a time ({@code sweeping} is only tried, never waited for); each retirement takes the one
 * log's lock. NOTE: a pass visits every log, so on a hub with a million topics it costs that caller milliseconds,
 * once per quarter of {@code historyTtl} or once per eighth of the bound freed; it never waits on a client.
 *
 * <p><b>Lifecycle.</b> One per hub, for the life of the hub.
 */
final class RetainedLogs {

    static final int LOW_WATER_EIGHTHS = 7;

    private static final System.Logger LOG = System.getLogger(RetainedLogs.class.getName());

    /** A log as it was when a pass began, so that sorting sees fixed keys. */
    private record Candidate(TopicLog log, long lastUsedNanos, long bytes) {
    }

    private final ConcurrentHashMap<String, TopicLog> logs = new ConcurrentHashMap<>();
    private final Function<String, TopicLog> factory;
    private final LongSupplier clock;
    private final long ttlNanos;
    private final long maxBytes;
    private final AtomicLong retainedBytes = new AtomicLong();
    private final LongAdder expired = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile long nextSweepNanos;
    private volatile long freeAbove;                 // a pass to free room starts past this many bytes

    /**
     * @param factory creates the log of a topic at its first use
     * @param clock the time in nanoseconds, {@code System::nanoTime} but in tests
     * @param ttlNanos how long an idle log lives; zero for ever
     * @param maxBytes the hub-wide bound
     */
    RetainedLogs(Function<String, TopicLog> factory, LongSupplier clock, long ttlNanos, long maxBytes) {
        this.factory = topic -> {
            retainedBytes.addAndGet(TopicLog.LOG_OVERHEAD_BYTES);
            return factory.apply(topic);
        };
        this.clock = clock;
        this.ttlNanos = ttlNanos;
        this.maxBytes = maxBytes;
        this.freeAbove = maxBytes;
        this.nextSweepNanos = clock.getAsLong() + sweepInterval();
    }

    private long sweepInterval() {
        return Math.max(1, ttlNanos / 4);
    }

    long now() {
        return clock.getAsLong();
    }

    TopicLog get(String topic) {
        return logs.get(topic);
    }

    TopicLog getOrCreate(String topic) {
        return logs.computeIfAbsent(topic, factory);
    }

    /** A log was found retired: makes sure the map no longer holds it. */
    void forget(TopicLog log) {
        logs.remove(log.topic(), log);
    }

    /** A log's retained bytes changed; frees room when the hub-wide bound is passed. */
    void changed(long bytesDelta) {
        if (bytesDelta != 0 && retainedBytes.addAndGet(bytesDelta) > freeAbove) {   // a full log, events alike: 0
            freeRoom();
        }
    }

    /** Retires a log that may no longer be needed (its last subscriber left); returns whether it did. */
    boolean retireIfUnreplayable(TopicLog log) {
        long bytes = log.retireIfUnreplayable();
        if (bytes < 0) {
            return false;
        }
        drop(log, bytes);
        return true;
    }

    private void drop(TopicLog log, long bytes) {
        logs.remove(log.topic(), log);
        retainedBytes.addAndGet(-bytes);
    }

    /** Expires idle logs if a sweep is due at {@code now}; cheap when none is. */
    void sweepIfDue(long now) {
        if (ttlNanos == 0 || now - nextSweepNanos < 0 || !sweeping.tryLock()) {
            return;
        }
        try {
            nextSweepNanos = now + sweepInterval();
            long unusedSince = now - ttlNanos;
            for (TopicLog log : logs.values()) {
                long bytes = log.retireIfIdle(unusedSince);
                if (bytes >= 0) {
                    drop(log, bytes);
                    expired.increment();
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    private void freeRoom() {
        if (!sweeping.tryLock()) {
            return;                                                // another caller is freeing room
        }
        try {
            long target = maxBytes / 8 * LOW_WATER_EIGHTHS;
            if (retainedBytes.get() <= target) {
                return;
            }
            List<Candidate> all = new ArrayList<>(logs.size());
            for (TopicLog log : logs.values()) {                  // read once: the values move while we sort
                all.add(new Candidate(log, log.lastUsedNanos(), log.bytes()));
            }
            all.sort(Comparator.comparingLong(Candidate::lastUsedNanos));
            for (Candidate candidate : all) {
                TopicLog log = candidate.log();
                if (retainedBytes.get() <= target) {
                    return;
                }
                long bytes = log.retireIfIdle(Long.MAX_VALUE);
                if (bytes >= 0) {
                    drop(log, bytes);
                    evicted.increment();
                }
            }
            trimLargest(all, target);
        } finally {
            // NOTE: what no pass can free (the fixed cost of logs that all have subscribers) must not make every
            // broadcast start another pass: the next one waits until an eighth of the bound more is retained
            long retained = retainedBytes.get();
            freeAbove = retained <= maxBytes ? maxBytes : retained + maxBytes / 8;
            sweeping.unlock();
        }
    }

    private void trimLargest(List<Candidate> all, long target) {
        all.sort(Comparator.comparingLong(Candidate::bytes).reversed());
        for (Candidate candidate : all) {
            TopicLog log = candidate.log();
            long excess = retainedBytes.get() - target;
            if (excess <= 0) {
                return;
            }
            long freed = log.trimTo(Math.max(TopicLog.LOG_OVERHEAD_BYTES, log.bytes() - excess));
            retainedBytes.addAndGet(-freed);
            if (freed > 0) {
                LOG.log(Level.DEBUG, () -> "Topic '" + log.topic() + "': " + freed + " bytes of its oldest events"
                        + " evicted to keep the hub within maxRetainedBytes=" + maxBytes);
            }
        }
    }

    Set<String> topics() {
        return Set.copyOf(logs.keySet());
    }

    Iterable<TopicLog> all() {
        return logs.values();
    }

    int size() {
        return logs.size();
    }

    long retainedBytes() {
        return retainedBytes.get();
    }

    long expired() {
        return expired.sum();
    }

    long evicted() {
        return evicted.sum();
    }
}
