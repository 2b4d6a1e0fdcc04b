package dev.melody.stream.benchmarks.load;

/**
 * What a cohort connects to, and what the publisher is asked to broadcast through: the library's two transports
 * and their two baselines in the benchmark WAR, and Atmosphere's two (only in the Atmosphere WAR, for P13).
 *
 * <p>Immutable.
 */
enum Target {
    /** The raw WebSocket endpoint, looping over its sessions with {@code getAsyncRemote()}. */
    RAW("raw", "/raw/", "", "raw", false),
    /** The library's WebSocket endpoint. */
    HUB("hub", "/ws/", "", "hub", false),
    /** The bare JAX-RS {@code SseBroadcaster}. */
    RAW_SSE("raw-sse", "/bench/raw-sse/", "", "raw-sse", true),
    /** The library's SSE resource. */
    HUB_SSE("hub-sse", "/melody/events/", "", "hub", true),
    /** Atmosphere's {@code Broadcaster} to WebSocket clients (the Atmosphere WAR only). */
    ATMO("atmo", "/atmo/", "", "atmo", false),
    /** Atmosphere's {@code Broadcaster} to SSE clients, which name their transport as Atmosphere expects. */
    ATMO_SSE("atmo-sse", "/atmo/", "?X-Atmosphere-Transport=sse", "atmo-sse", true);

    /** The targets every deployment of the benchmark WAR has. */
    static final java.util.List<Target> STANDARD = java.util.List.of(RAW, HUB, RAW_SSE, HUB_SSE);

    private final String label;
    private final String pathPrefix;
    private final String query;
    private final String publishTarget;
    private final String statusKey;
    private final boolean sse;

    Target(String label, String pathPrefix, String query, String statusKey, boolean sse) {
        this.label = label;
        this.pathPrefix = pathPrefix;
        this.query = query;
        this.publishTarget = statusKey;              // the publisher and the status probe name targets alike
        this.statusKey = statusKey;
        this.sse = sse;
    }

    /** Returns the name used in result lines. */
    String label() {
        return label;
    }

    /** Returns the path under the context root for a topic. */
    String path(String topic) {
        return pathPrefix + topic + query;
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

    /** Whether an SSE client counts its stream open at the response head: Atmosphere sends no byte before a message. */
    boolean opensAtHead() {
        return this == ATMO_SSE;
    }

    /** Returns the target this one is compared with (itself for a baseline; the library's for Atmosphere's). */
    Target baseline() {
        return switch (this) {
            case HUB -> RAW;
            case HUB_SSE -> RAW_SSE;
            case ATMO -> HUB;
            case ATMO_SSE -> HUB_SSE;
            default -> this;
        };
    }
}
