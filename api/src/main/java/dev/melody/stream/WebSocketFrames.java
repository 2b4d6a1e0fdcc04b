package dev.melody.stream;

/**
 * How broadcast events are written to WebSocket clients.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant, chosen in {@link StreamOptions}.
 */
public enum WebSocketFrames {

    /** Only the event's data, as a text frame (the default, as in the Go original). */
    DATA_TEXT,

    /** Only the event's data, UTF-8 encoded, as a binary frame. */
    DATA_BINARY,

    /**
     * A JSON text frame {@code {"id":…,"event":…,"data":…}}, which lets a client resume with
     * {@code ?lastEventId=} after a reconnect.
     */
    JSON_ENVELOPE
}
