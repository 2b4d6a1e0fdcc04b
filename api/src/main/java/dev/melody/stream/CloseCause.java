package dev.melody.stream;

/**
 * Why a subscription or a client connection ended.
 *
 * <p><b>Role.</b> Carried by {@link StreamClosed} and by {@link Subscription#closeCause()}, for presence, audit and
 * metrics.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant.
 */
public enum CloseCause {

    /** The subscriber or the client closed it (a WebSocket close frame, an SSE client going away, {@code close()}). */
    CLIENT_CLOSED,

    /** A write to the client did not complete within {@link StreamOptions#writeTimeout()}. */
    WRITE_TIMEOUT,

    /**
     * The subscriber fell behind its topic's log under {@link OverflowPolicy#DISCONNECT} (or, with WebSocket frames of
     * data only, under any policy that marks gaps), or a connection's queue of direct sends was full under
     * {@code DISCONNECT}.
     */
    OVERFLOW,

    /** The client did not answer a ping within {@link StreamOptions#idleTimeout()}. */
    IDLE_TIMEOUT,

    /** The hub shut down, for example because the application is undeployed. */
    SHUTDOWN,

    /** The server closed it on purpose, for example because an inbound message observer failed or was too large. */
    SERVER_CLOSED,

    /** A transport error: the network went away or a write failed. */
    ERROR
}
