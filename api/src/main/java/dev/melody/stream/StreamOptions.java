package dev.melody.stream;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every setting of the library in one immutable value, with the defaults below.
 *
 * <p><b>Role.</b> Read once when the application starts. Supply it with a CDI producer
 * ({@code @Produces StreamOptions options() { return StreamOptions.builder().subscriberBuffer(64).build(); }}),
 * or with MicroProfile Config keys {@code melody.stream.<option>} (for example
 * {@code melody.stream.subscriberBuffer=64}) where MicroProfile Config is present; else the defaults apply.
 *
 * <table>
 * <caption>Options and defaults</caption>
 * <tr><th>option</th><th>default</th><th>rule</th></tr>
 * <tr><td>{@code webSocketPath}</td><td>{@code /ws/{topic}}</td><td>empty (disabled) or starts with {@code /}</td></tr>
 * <tr><td>{@code ssePath}</td><td>{@code /melody/events/{topic}}</td><td>empty (disabled) or starts with {@code /}</td></tr>
 * <tr><td>{@code originPatterns}</td><td>none: same-origin only</td><td>case-insensitive host globs; {@code *} allows all</td></tr>
 * <tr><td>{@code readLimit}</td><td>32768 bytes</td><td>at least 1; a larger inbound message closes with 1009</td></tr>
 * <tr><td>{@code subscriberBuffer}</td><td>16 events</td><td>1 to 1,000,000; per connection, for direct sends</td></tr>
 * <tr><td>{@code overflowPolicy}</td><td>{@link OverflowPolicy#GAP_MARKER}</td><td></td></tr>
 * <tr><td>{@code writeTimeout}</td><td>10 s</td><td>positive</td></tr>
 * <tr><td>{@code idleTimeout}</td><td>30 s</td><td>zero (no pings) or positive; an unanswered ping closes</td></tr>
 * <tr><td>{@code sseHeartbeat}</td><td>15 s</td><td>positive</td></tr>
 * <tr><td>{@code historySize}</td><td>16,384 events per topic log</td><td>0 (no replay) to 1,000,000</td></tr>
 * <tr><td>{@code historyBytes}</td><td>16 MiB per topic log</td><td>1 KiB to 1 TiB</td></tr>
 * <tr><td>{@code historyTtl}</td><td>5 min</td><td>zero (never expires) or positive</td></tr>
 * <tr><td>{@code maxRetainedBytes}</td><td>128 MiB for the whole hub</td><td>1 MiB to 1 TiB</td></tr>
 * <tr><td>{@code webSocketFrames}</td><td>{@link WebSocketFrames#DATA_TEXT}</td><td></td></tr>
 * </table>
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; every instance has passed validation, so an invalid value
 * fails where it is built ({@link InvalidStreamOptionException}), which for the application's options is
 * deployment.
 *
 * @param webSocketPath the WebSocket endpoint path under the context root, or empty to register none
 * @param ssePath the SSE resource path under the context root, or empty to register none
 * @param originPatterns the allowed browser origins as host globs; empty means same-origin only
 * @param readLimit the largest inbound WebSocket message, in bytes
 * @param subscriberBuffer the capacity of each connection's queue of direct sends, in events
 * @param overflowPolicy what happens to a subscriber that falls behind its topic's log, or to a direct send that
 *        finds its queue full
 * @param writeTimeout the longest a single write to a client may take before the client is closed
 * @param idleTimeout the WebSocket ping interval, after which an unanswered ping closes; zero disables pings
 * @param sseHeartbeat the interval of SSE comment heartbeats that detect closed clients
 * @param historySize the most events a topic's log retains, for slow subscribers and for replay; zero disables
 *        replay (the log then holds {@code subscriberBuffer} events for live subscribers and ends with the last one)
 * @param historyBytes the most (estimated) bytes of events a topic's log retains
 * @param historyTtl how long a topic with no subscriber and no broadcast keeps its log; zero keeps it for ever
 * @param maxRetainedBytes the most (estimated) bytes all topic logs of the hub retain together; past it, idle
 *        topics are dropped first, least recently used first, then the oldest events of the largest logs
 * @param webSocketFrames how events are written to WebSocket clients
 * @param settings further settings by full key, read by extensions such as backplanes (for example
 *        {@code melody.stream.redis.uri}); they take precedence over MicroProfile Config for the same key
 */
public record StreamOptions(String webSocketPath, String ssePath, List<String> originPatterns, int readLimit,
                            int subscriberBuffer, OverflowPolicy overflowPolicy, Duration writeTimeout,
                            Duration idleTimeout, Duration sseHeartbeat, int historySize,
                            long historyBytes, Duration historyTtl, long maxRetainedBytes,
                            WebSocketFrames webSocketFrames, Map<String, String> settings) {

    /** The largest accepted {@code subscriberBuffer} and {@code historySize}. */
    public static final int MAX_QUEUE = 1_000_000;

    /** The smallest accepted {@code historyBytes}. */
    public static final long MIN_HISTORY_BYTES = 1L << 10;

    /** The smallest accepted {@code maxRetainedBytes}. */
    public static final long MIN_RETAINED_BYTES = 1L << 20;

    /** The largest accepted {@code historyBytes} and {@code maxRetainedBytes}. */
    public static final long MAX_BYTES = 1L << 40;

    private static final StreamOptions DEFAULTS = builder().build();

    /** Creates options after checking every value; see the class comment for the rules. */
    public StreamOptions {
        requirePath("webSocketPath", webSocketPath);
        requirePath("ssePath", ssePath);
        originPatterns = requireOriginPatterns(originPatterns);
        requireRange("readLimit", readLimit, 1, Integer.MAX_VALUE);
        requireRange("subscriberBuffer", subscriberBuffer, 1, MAX_QUEUE);
        requireNonNull("overflowPolicy", overflowPolicy);
        requireDuration("writeTimeout", writeTimeout, false);
        requireDuration("idleTimeout", idleTimeout, true);
        requireDuration("sseHeartbeat", sseHeartbeat, false);
        requireRange("historySize", historySize, 0, MAX_QUEUE);
        requireRange("historyBytes", historyBytes, MIN_HISTORY_BYTES, MAX_BYTES);
        requireDuration("historyTtl", historyTtl, true);
        requireRange("maxRetainedBytes", maxRetainedBytes, MIN_RETAINED_BYTES, MAX_BYTES);
        requireNonNull("webSocketFrames", webSocketFrames);
        settings = requireSettings(settings);
    }

    /**
     * Describes these options for logs; of the further settings only the keys, since their values may hold
     * credentials (a broker URI with a password).
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return "StreamOptions[webSocketPath=" + webSocketPath + ", ssePath=" + ssePath + ", originPatterns="
                + originPatterns + ", readLimit=" + readLimit + ", subscriberBuffer=" + subscriberBuffer
                + ", overflowPolicy=" + overflowPolicy + ", writeTimeout=" + writeTimeout + ", idleTimeout="
                + idleTimeout + ", sseHeartbeat=" + sseHeartbeat + ", historySize=" + historySize
                + ", historyBytes=" + historyBytes + ", historyTtl=" + historyTtl + ", maxRetainedBytes="
                + maxRetainedBytes + ", webSocketFrames=" + webSocketFrames
                + (settings.isEmpty() ? "" : ", settings=" + settings.keySet()) + "]";
    }

    /**
     * Returns a further setting, as given to {@link Builder#setting(String, String)}.
     *
     * @param key the full key, such as {@code melody.stream.redis.uri}
     * @return the value, or empty when these options do not set it
     */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /**
     * Returns the defaults.
     *
     * @return the default options
     */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options, to derive changed ones.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().webSocketPath(webSocketPath).ssePath(ssePath).originPatterns(originPatterns)
                .readLimit(readLimit).subscriberBuffer(subscriberBuffer).overflowPolicy(overflowPolicy)
                .writeTimeout(writeTimeout).idleTimeout(idleTimeout).sseHeartbeat(sseHeartbeat)
                .historySize(historySize).historyBytes(historyBytes).historyTtl(historyTtl)
                .maxRetainedBytes(maxRetainedBytes).webSocketFrames(webSocketFrames).settings(settings);
    }

    private static void requirePath(String option, String path) {
        requireNonNull(option, path);
        if (!path.isEmpty() && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
            throw new InvalidStreamOptionException(option, path,
                    "must be empty (not registered) or start with '/' and contain no spaces or control characters");
        }
    }

    private static List<String> requireOriginPatterns(List<String> patterns) {
        requireNonNull("originPatterns", patterns);
        for (String pattern : patterns) {
            if (pattern == null || pattern.isBlank() || pattern.chars().anyMatch(c -> c <= ' ')) {
                throw new InvalidStreamOptionException("originPatterns", String.valueOf(pattern),
                        "must hold host globs without spaces, such as '*.example.com' or '*'");
            }
        }
        return List.copyOf(patterns);
    }

    private static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidStreamOptionException(option, Integer.toString(value),
                    max == Integer.MAX_VALUE ? "must be at least " + min
                            : "must be between " + min + " and " + max);
        }
    }

    private static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidStreamOptionException(option, Long.toString(value),
                    "must be between " + min + " and " + max + " (bytes)");
        }
    }

    private static void requireDuration(String option, Duration value, boolean zeroAllowed) {
        requireNonNull(option, value);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new InvalidStreamOptionException(option, value.toString(),
                    zeroAllowed ? "must not be negative" : "must be positive");
        }
    }

    private static Map<String, String> requireSettings(Map<String, String> settings) {
        requireNonNull("settings", settings);
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank() || entry.getValue() == null) {
                throw new InvalidStreamOptionException("settings", String.valueOf(entry.getKey()),
                        "must map non-blank keys to non-null values");
            }
        }
        return Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    private static void requireNonNull(String option, Object value) {
        if (value == null) {
            throw new InvalidStreamOptionException(option, "null", "must not be null");
        }
    }

    /**
     * Builds {@link StreamOptions}; starts from the defaults.
     *
     * <p><b>Thread-safety and lifecycle.</b> Not thread-safe; a short-lived helper used by one thread, usually in
     * a CDI producer. Values are checked by {@link #build()}.
     */
    public static final class Builder {
        private String webSocketPath = "/ws/{topic}";
        private String ssePath = "/melody/events/{topic}";
        private List<String> originPatterns = List.of();
        private int readLimit = 32 * 1024;
        private int subscriberBuffer = 16;
        private OverflowPolicy overflowPolicy = OverflowPolicy.GAP_MARKER;
        private Duration writeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private int historySize = 16_384;
        private long historyBytes = 16L << 20;
        private Duration historyTtl = Duration.ofMinutes(5);
        private long maxRetainedBytes = 128L << 20;
        private WebSocketFrames webSocketFrames = WebSocketFrames.DATA_TEXT;
        private final Map<String, String> settings = new TreeMap<>();

        private Builder() {
        }

        /**
         * Sets the WebSocket endpoint path.
         *
         * @param value a path such as {@code /ws/{topic}}, or empty to register no endpoint
         * @return this builder
         */
        public Builder webSocketPath(String value) {
            this.webSocketPath = value;
            return this;
        }

        /**
         * Sets the SSE resource path.
         *
         * @param value a path such as {@code /melody/events/{topic}}, or empty to register no resource
         * @return this builder
         */
        public Builder ssePath(String value) {
            this.ssePath = value;
            return this;
        }

        /**
         * Sets the allowed browser origins.
         *
         * @param value host globs such as {@code *.example.com}; {@code *} allows all; empty means same-origin
         * @return this builder
         */
        public Builder originPatterns(List<String> value) {
            this.originPatterns = value;
            return this;
        }

        /**
         * Sets the largest inbound WebSocket message.
         *
         * @param bytes the limit in bytes, at least 1
         * @return this builder
         */
        public Builder readLimit(int bytes) {
            this.readLimit = bytes;
            return this;
        }

        /**
         * Sets the capacity of each connection's queue of direct sends ({@link StreamConnection#send}).
         *
         * @param events the capacity in events, 1 to {@value StreamOptions#MAX_QUEUE}
         * @return this builder
         */
        public Builder subscriberBuffer(int events) {
            this.subscriberBuffer = events;
            return this;
        }

        /**
         * Sets what happens to a subscriber that falls behind its topic's log (and to a direct send to a full
         * queue).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy value) {
            this.overflowPolicy = value;
            return this;
        }

        /**
         * Sets the longest a single write may take before the client is closed.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder writeTimeout(Duration value) {
            this.writeTimeout = value;
            return this;
        }

        /**
         * Sets the WebSocket ping interval; an unanswered ping closes the connection.
         *
         * @param value a positive duration, or zero to send no pings
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /**
         * Sets the SSE heartbeat interval.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder sseHeartbeat(Duration value) {
            this.sseHeartbeat = value;
            return this;
        }

        /**
         * Sets how many events each topic's log retains, for subscribers that fall behind and for replay.
         *
         * @param events 0 (no replay) to {@value StreamOptions#MAX_QUEUE}
         * @return this builder
         */
        public Builder historySize(int events) {
            this.historySize = events;
            return this;
        }

        /**
         * Sets how many bytes of events (estimated from their text) each topic's log retains.
         *
         * @param bytes {@value StreamOptions#MIN_HISTORY_BYTES} to {@value StreamOptions#MAX_BYTES}
         * @return this builder
         */
        public Builder historyBytes(long bytes) {
            this.historyBytes = bytes;
            return this;
        }

        /**
         * Sets how long a topic with no subscriber and no broadcast keeps its log.
         *
         * @param value a positive duration, or zero to keep logs until the hub-wide bound needs their room
         * @return this builder
         */
        public Builder historyTtl(Duration value) {
            this.historyTtl = value;
            return this;
        }

        /**
         * Sets how many bytes of events (estimated) all topic logs of the hub retain together.
         *
         * @param bytes {@value StreamOptions#MIN_RETAINED_BYTES} to {@value StreamOptions#MAX_BYTES}
         * @return this builder
         */
        public Builder maxRetainedBytes(long bytes) {
            this.maxRetainedBytes = bytes;
            return this;
        }

        /**
         * Sets how events are written to WebSocket clients.
         *
         * @param value the frame format
         * @return this builder
         */
        public Builder webSocketFrames(WebSocketFrames value) {
            this.webSocketFrames = value;
            return this;
        }

        /**
         * Checks every value and builds the options.
         *
         * @return the options
         * @throws InvalidStreamOptionException naming the first option that breaks its rule
         */
        public StreamOptions build() {
            return new StreamOptions(webSocketPath, ssePath, originPatterns, readLimit, subscriberBuffer,
                    overflowPolicy, writeTimeout, idleTimeout, sseHeartbeat, historySize, historyBytes, historyTtl,
                    maxRetainedBytes, webSocketFrames, settings);
        }

        /**
         * Sets a further setting, read by an extension such as a backplane.
         *
         * @param key the full key, such as {@code melody.stream.redis.uri}
         * @param value the value; {@code null} removes the key
         * @return this builder
         */
        public Builder setting(String key, String value) {
            if (value == null) {
                settings.remove(key);
            } else {
                settings.put(key, value);
            }
            return this;
        }

        /**
         * Replaces every further setting.
         *
         * @param values the settings by full key
         * @return this builder
         */
        public Builder settings(Map<String, String> values) {
            settings.clear();
            settings.putAll(values);
            return this;
        }
    }
}
