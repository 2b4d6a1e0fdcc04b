package dev.melody.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * One event as it travels through the hub: the fields of a Server-Sent Events message.
 *
 * <p><b>Role.</b> The value that applications broadcast and that both transports deliver. On the SSE wire every
 * field is written ({@code id:}, {@code event:}, {@code retry:}, one {@code data:} line per line of
 * {@link #data()}); on a WebSocket only {@link #data()} is sent, unless the JSON envelope is enabled in
 * {@link StreamOptions#webSocketFrames()}.
 *
 * <p><b>Validation.</b> {@code id} and {@code event} must not contain CR, LF or NUL, since either would let a
 * value inject extra fields into the SSE stream; such a value is refused with an {@link IllegalArgumentException}
 * that names the field, never silently altered. {@code data} may span lines: CRLF, CR and LF all end a line on
 * the wire. {@code retry}, when present, must not be negative.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable and therefore safe to share between threads. Created by the
 * application (or by the hub, which copies an event to give it an id); it lives as long as something refers to
 * it, for example the topic's log.
 *
 * @param id the event id, or {@code null} to let the hub assign the next id of the topic
 * @param event the event type, or {@code null} for the default type ({@code message} in a browser)
 * @param data the payload, never {@code null}; may be empty and may contain line breaks
 * @param retry the reconnection delay to advise SSE clients, or {@code null} to advise none
 */
public record ServerSentEvent(String id, String event, String data, Duration retry) {

    /** Creates an event after checking every field; see the class comment for the rules. */
    public ServerSentEvent {
        requireSingleLine("id", id);
        requireSingleLine("event", event);
        Objects.requireNonNull(data, "ServerSentEvent data must not be null (use \"\" for an empty payload)");
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("ServerSentEvent retry must not be negative, was " + retry);
        }
    }

    /**
     * Creates an event of the default type with no id and no retry advice.
     *
     * @param data the payload; may be empty and may contain line breaks
     * @return the event
     */
    public static ServerSentEvent of(String data) {
        return new ServerSentEvent(null, null, data, null);
    }

    /**
     * Creates an event of the given type with no id and no retry advice.
     *
     * @param event the event type, free of CR, LF and NUL, or {@code null} for the default type
     * @param data the payload; may be empty and may contain line breaks
     * @return the event
     */
    public static ServerSentEvent of(String event, String data) {
        return new ServerSentEvent(null, event, data, null);
    }

    /**
     * Returns a copy of this event with another id.
     *
     * @param newId the id to carry, free of CR, LF and NUL, or {@code null} for none
     * @return the copy
     */
    public ServerSentEvent withId(String newId) {
        return new ServerSentEvent(newId, event, data, retry);
    }

    /**
     * Returns a copy of this event with another retry advice.
     *
     * @param newRetry the reconnection delay to advise, not negative, or {@code null} for none
     * @return the copy
     */
    public ServerSentEvent withRetry(Duration newRetry) {
        return new ServerSentEvent(id, event, data, newRetry);
    }

    private static void requireSingleLine(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("ServerSentEvent " + field
                        + " must not contain CR, LF or NUL (found U+" + String.format("%04X", (int) c)
                        + " at index " + i + "); put multi-line content into data instead");
            }
        }
    }
}
