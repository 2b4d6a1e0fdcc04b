package dev.melody.stream;

/**
 * The transport a client connection arrived by.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant.
 */
public enum Transport {
    /** A WebSocket connection. */
    WEBSOCKET,
    /** A Server-Sent Events stream. */
    SSE
}
