package dev.melody.stream.benchmarks.load;

/**
 * What a cohort connects to, and what the publisher is asked to broadcast through: the library's two transports
 * and their two baselines in the benchmark WAR.
 *
 * <p>Immutable.
 */
enum Target {
    /** The raw WebSocket endpoint, looping over its sessions with {@code getAsyncRemote()}. */
    RAW("raw", "/raw/", "raw", "raw", false),
    /** The library's WebSocket endpoint. */
    HUB("hub", "/ws/", "hub", "hub", false),
    /** The bare JAX-RS {@code SseBroadcaster}. */
    RAW_SSE("raw-sse", "/bench/raw-sse/", "raw-sse", "raw-sse", true),
    /** The library's SSE resource. */
    HUB_SSE("hub-sse", "/melody/events/", "hub", "hub", true);

    private final String label;
    private final String pathPrefix;
    private final String publishTarget;
    private final String statusKey;
    private final boolean sse;

    Target(String label, String pathPrefix, String publishTarget, String statusKey, boolean sse) {
        this.label = label;
        this.pathPrefix = pathPrefix;
        this.publishTarget = publishTarget;
        this.statusKey = statusKey;
        this.sse = sse;
    }

    /** Returns the name used in result lines. */
    String label() {
        return label;
    }

    /** Returns the path under the context root for a topic. */
    String path(String topic) {
        return pathPrefix + topic;
    }

    /** Returns the publisher's {@code target} parameter. */
    String publishTarget() {
        return publishTarget;
    }

    /** Returns the key of this target's subscriber count in the status answer. */
    String statusKey() {
        return statusKey;
    }

    boolean sse() {
        return sse;
    }

    /** Returns the baseline this target is compared with (itself for a baseline). */
    Target baseline() {
        return switch (this) {
            case HUB -> RAW;
            case HUB_SSE -> RAW_SSE;
            default -> this;
        };
    }
}
