package dev.melody.stream.tck;

import dev.melody.stream.tck.SseStreamClient.Event;
import java.util.function.Consumer;

/**
 * Parses an event stream character by character as a browser's {@code EventSource} does: CRLF, CR and LF end a
 * line; one leading space of a value is stripped; an event is dispatched at a blank line only if it had data; the
 * last event id persists from event to event. Shared by the suite's SSE clients.
 *
 * <p>Not thread-safe: one parser per stream, fed by the one thread that reads it.
 */
final class SseEventParser {

    private final Consumer<Event> events;
    private final Consumer<String> comments;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String lastId = "";
    private boolean lastWasCr;

    /**
     * Creates a parser.
     *
     * @param events receives each dispatched event
     * @param comments receives each comment line, without the colon and one leading space
     */
    SseEventParser(Consumer<Event> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

    /**
     * Feeds the next character of the stream.
     *
     * @param c the character
     */
    void feed(char c) {
        if (c == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = c == '\r';
        if (c != '\r' && c != '\n') {
            line.append(c);
            return;
        }
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            dispatch();
        } else if (text.startsWith(":")) {
            comments.accept(text.startsWith(": ") ? text.substring(2) : text.substring(1));
        } else {
            field(text);
        }
    }

    private void field(String text) {
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        switch (field) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> lastId = value;
            default -> { }
        }
    }

    private void dispatch() {
        if (data.length() > 0) {
            events.accept(new Event(type.isEmpty() ? "message" : type, data.substring(0, data.length() - 1), lastId));
        }
        data.setLength(0);
        type = "";
    }
}
