package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.WebSocketFrames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns an event into the payload of one outgoing WebSocket frame, as {@link WebSocketFrames} says.
 *
 * <p><b>Role.</b> {@code DATA_TEXT} writes the event's data as text; {@code DATA_BINARY} writes its UTF-8 bytes as a
 * binary frame; {@code JSON_ENVELOPE} writes {@code {"id":…,"event":…,"data":…}} as text (absent fields are
 * {@code null}), which lets a client resume with {@code ?lastEventId=}. A client whose last event id is no longer
 * retained first receives the resync marker, and one that fell behind its topic's log a gap marker, as envelopes of
 * the events {@link dev.melody.stream.StreamMarkers} defines, so with the same type, id and data as on SSE
 * ({@code SseEventFormat}); frames of data only carry neither ({@link #carriesEventTypes()} is {@code false}).
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; one per connection (or shared), used by its writer.
 */
final class WebSocketFrameFormat {

    private final WebSocketFrames frames;

    WebSocketFrameFormat(WebSocketFrames frames) {
        this.frames = frames;
    }

    /** Tells whether frames are binary (else text). */
    boolean isBinary() {
        return frames == WebSocketFrames.DATA_BINARY;
    }

    /** Tells whether this format carries event types, and with them the markers. */
    boolean carriesEventTypes() {
        return frames == WebSocketFrames.JSON_ENVELOPE;
    }

    /** Returns the text payload of a text frame. */
    String text(ServerSentEvent event) {
        return frames == WebSocketFrames.JSON_ENVELOPE ? envelope(event) : event.data();
    }

    /** Returns the payload of a binary frame. */
    ByteBuffer binary(ServerSentEvent event) {
        return ByteBuffer.wrap(event.data().getBytes(StandardCharsets.UTF_8));
    }

    static String envelope(ServerSentEvent event) {
        StringBuilder json = new StringBuilder(event.data().length() + 48);
        json.append("{\"id\":");
        quote(json, event.id());
        json.append(",\"event\":");
        quote(json, event.event());
        json.append(",\"data\":");
        quote(json, event.data());
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
