package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of a {@link RedisBackplane}'s counters, for tests and metrics; every count is since the backplane
 * started.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable value, made by {@link RedisBackplane#statistics()}.
 *
 * @param state the backplane's state when the snapshot was taken
 * @param published broadcasts sequenced through Redis
 * @param publishFailures broadcasts delivered on this node only (Redis unreachable, queue full, script failed)
 * @param queueFull of those, the ones refused because the queue to Redis was full
 * @param malformed envelopes skipped, by cause: {@code bad_json}, {@code wrong_type}, {@code oversize},
 *        {@code invalid_topic}, {@code invalid_event}
 * @param gapsMarked gap markers this node delivered for sequences that Redis no longer had
 * @param gapNotices gap markers this node published after an outage for the broadcasts it delivered alone
 * @param duplicates sequenced events received twice and dropped
 * @param holesFilled holes in a sequence filled from Redis streams (after a wait or a reconnect)
 * @param unsequenced events without a cluster id (Go nodes) delivered as they came
 */
public record RedisStatistics(RedisBackplane.State state, long published, long publishFailures, long queueFull,
                              Map<String, Long> malformed, long gapsMarked, long gapNotices, long duplicates,
                              long holesFilled, long unsequenced) {

    /** Copies the map, so that the record stays immutable. */
    public RedisStatistics {
        malformed = Collections.unmodifiableMap(new LinkedHashMap<>(malformed));
    }

    /**
     * Returns the count of skipped envelopes of every cause.
     *
     * @return the sum of {@link #malformed()}
     */
    public long malformedTotal() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }

    static Map<String, Long> byName(Map<GoEnvelope.Cause, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((cause, count) -> named.put(cause.name().toLowerCase(Locale.ROOT), count));
        return named;
    }
}
