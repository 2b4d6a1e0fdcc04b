package dev.melody.stream.tck.cluster;

import java.time.Duration;

/**
 * The bounds of every wait of the cluster test, in one place. They only limit a failing test; none is an expectation
 * of how fast anything is. Constants only; not instantiable.
 */
final class Bounds {

    /** The bound of one client-side wait (an event, an HTTP answer, a handshake). */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The bound for all three servers to serve the WAR, started at once on a small machine. */
    static final Duration STARTUP = Duration.ofSeconds(Long.getLong("cluster.server.startup.timeout", 240));

    /** The bound for a server to stop after it was asked to. */
    static final Duration STOP = Duration.ofSeconds(30);

    /** The bound for cross-node delivery to work again after Redis came back (reconnect backoff included). */
    static final Duration RECOVERY = Duration.ofSeconds(60);

    private Bounds() {
    }
}
