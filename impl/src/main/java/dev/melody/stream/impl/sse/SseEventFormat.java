package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.impl.server.ServerDetection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/**
 * Turns hub events into the container's {@link OutboundSseEvent}s and back, and writes the SSE wire format.
 *
 * <p><b>Role.</b> The SSE counterpart of the WebSocket frame format. {@link #outbound} builds an event with the
 * container's {@link Sse}, as every sink expects; {@link #inbound} turns an application's {@code OutboundSseEvent}
 * into a hub event for {@link SseTopicBroadcaster#broadcast}. {@link #wire} writes one event as text, used by
 * {@link SseEventBodyWriter} so that every server writes the same bytes:
 * <pre>
 * : comment line        (one per comment line; heartbeats are comments)
 * event: type
 * id: 42
 * retry: 3000
 * data: first line      (one per line of data; CRLF, CR and LF all end a line)
 * data: second line
 * (blank line)
 * </pre>
 * Each {@code data:} line has one space after the colon, which a browser strips, so data that starts with a space
 * keeps it. An event whose data is empty still has one {@code data: } line, so it fires in a browser's
 * {@code EventSource}; a comment-only event (a heartbeat) has none and fires nothing. The library's markers
 * ({@link dev.melody.stream.StreamMarkers}) are events like any other here, so SSE carries the same type, id and data
 * as the WebSocket envelope ({@code WebSocketFrameFormat}): {@code event: melody.resync} and its data without an id;
 * {@code event: melody.gap}, the id of the last missed event and {@code data: {"missed":N}}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; not instantiable.
 */
final class SseEventFormat {

    /** The comment written when a stream opens, which also sends the response headers at once. */
    static final String COMMENT_OPEN = "melody.stream open";
    /** The comment written every {@code sseHeartbeat}, so a closed client fails a write. */
    static final String COMMENT_HEARTBEAT = "heartbeat";

    static final String ERROR_FIELD = "SSE %s must not contain CR, LF or NUL (found U+%04X at index %d)";
    static final String ERROR_DATA_TYPE = "SseBroadcaster.broadcast needs String data (or none), was %s; "
            + "serialize the payload first, for example to JSON text";

    private SseEventFormat() {
    }

    /**
     * Builds the container's event for a hub event.
     *
     * @param sse the container's {@link Sse}
     * @param event the hub event
     * @return the outbound event, with String data of media type {@code text/plain}
     */
    static OutboundSseEvent outbound(Sse sse, ServerSentEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder();
        if (ServerDetection.isResteasy(builder)) {
            dataInName(builder, event);
        } else {
            builder.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, event.data());
            if (event.event() != null) {
                builder.name(event.event());
            }
        }
        if (event.id() != null) {
            builder.id(event.id());
        }
        if (event.retry() != null) {
            builder.reconnectDelay(event.retry().toMillis());
        }
        return builder.build();
    }

    /**
     * For RESTEasy (WildFly, Open Liberty), whose sinks always write with its own {@code SseEventProvider}: it ignores
     * the application's writers, folds blank lines inside data and drops a trailing line break. So this puts all
     * lines of the data but the last into the name, the one field RESTEasy writes verbatim
     * ({@code "event: " + name}), and the last line into the data, which then holds no line break RESTEasy could
     * fold. Its output is {@code event: type}, one {@code data: } line per line but the last, {@code id:},
     * {@code retry:}, then the last {@code data: } line: the same event, since field order does not matter within
     * one. NOTE: this relies on RESTEasy not checking the name for line breaks, which the real-server tests watch.
     */
    private static void dataInName(OutboundSseEvent.Builder builder, ServerSentEvent event) {
        String data = event.data();
        int lastBreak = Math.max(data.lastIndexOf('\n'), data.lastIndexOf('\r'));
        if (lastBreak >= 0) {
            boolean crlf = data.charAt(lastBreak) == '\n' && lastBreak > 0 && data.charAt(lastBreak - 1) == '\r';
            StringBuilder lines = new StringBuilder(data.length() + 16);
            lines.append(event.event() == null ? "" : event.event()).append('\n');
            appendLines(lines, "data: ", data.substring(0, crlf ? lastBreak - 1 : lastBreak));
            lines.setLength(lines.length() - 1);                   // RESTEasy ends the name's line itself
            builder.name(lines.toString());
        } else if (event.event() != null) {
            builder.name(event.event());
        }
        builder.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, data.substring(lastBreak + 1));
    }

    /**
     * Builds a comment-only event, such as a heartbeat.
     *
     * @param sse the container's {@link Sse}
     * @param comment the comment text
     * @return the outbound event
     */
    static OutboundSseEvent comment(Sse sse, String comment) {
        return sse.newEventBuilder().comment(comment).build();
    }

    /**
     * Turns an application's event into a hub event.
     *
     * @param event the application's event; its data must be a {@code String} or absent
     * @return the hub event
     * @throws IllegalArgumentException if the data is not text, or id or name contain CR, LF or NUL
     */
    static ServerSentEvent inbound(OutboundSseEvent event) {
        Object data = event.getData();
        if (data != null && !(data instanceof String)) {
            throw new IllegalArgumentException(String.format(ERROR_DATA_TYPE, data.getClass().getName()));
        }
        long delay = event.getReconnectDelay();
        Duration retry = event.isReconnectDelaySet() && delay >= 0 ? Duration.ofMillis(delay) : null;
        return new ServerSentEvent(event.getId(), event.getName(), data == null ? "" : (String) data, retry);
    }

    /**
     * Writes one event in the SSE wire format, ending with the blank line that dispatches it.
     *
     * @param event the event; its fields are written as described in the class comment
     * @param data the event's data as text, or {@code null} to write no data lines (a comment-only event)
     * @return the text to write, to be encoded as UTF-8
     * @throws IllegalArgumentException if the id or name contain CR, LF or NUL
     */
    static String wire(OutboundSseEvent event, String data) {
        StringBuilder out = new StringBuilder(64 + (data == null ? 0 : data.length()));
        if (event.getComment() != null) {
            appendLines(out, ": ", event.getComment());
        }
        appendField(out, "event", event.getName());
        appendField(out, "id", event.getId());
        if (event.isReconnectDelaySet() && event.getReconnectDelay() >= 0) {
            out.append("retry: ").append(event.getReconnectDelay()).append('\n');
        }
        if (data != null) {
            appendLines(out, "data: ", data);
        }
        return out.append('\n').toString();
    }

    private static void appendField(StringBuilder out, String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(String.format(ERROR_FIELD, field, (int) c, i));
            }
        }
        out.append(field).append(": ").append(value).append('\n');
    }

    /** Writes one prefixed line per line of {@code text}; CRLF, CR and LF each end a line. */
    static void appendLines(StringBuilder out, String prefix, String text) {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(prefix).append(text, start, i).append('\n');
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append(prefix).append(text, start, length).append('\n');
    }
}
