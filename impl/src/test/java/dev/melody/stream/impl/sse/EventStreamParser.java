package dev.melody.stream.impl.sse;

import java.util.function.Consumer;

/**
 * A Server-Sent Events parser that follows the HTML "event stream interpretation" rules, as a browser's
 * {@code EventSource} does: CRLF, CR and LF all end a line; one leading space is stripped from a field value; an
 * event is dispatched at a blank line only if at least one {@code data} line was seen; the last event id persists.
 */
final class EventStreamParser {

    /** A dispatched event, as a browser's {@code MessageEvent} would carry it. */
    record Event(String type, String data, String lastEventId) {
    }

    private final Consumer<Event> events;
    private final Consumer<String> comments;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String idBuffer = "";
    private boolean lastWasCr;

    EventStreamParser(Consumer<Event> events, Consumer<String> comments) {
        this.events = events;
        this.comments = comments;
    }

    /** Feeds decoded characters, in any chunking. */
    void feed(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            feed(chars.charAt(i));
        }
    }

    void feed(char c) {
        if (c == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = c == '\r';
        if (c == '\r' || c == '\n') {
            processLine(line.toString());
            line.setLength(0);
        } else {
            line.append(c);
        }
    }

    private void processLine(String text) {
        if (text.isEmpty()) {
            dispatch();
        } else if (text.startsWith(":")) {
            comments.accept(text.substring(1).startsWith(" ") ? text.substring(2) : text.substring(1));
        } else {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            field(field, value.startsWith(" ") ? value.substring(1) : value);
        }
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            default -> { }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            type = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        events.accept(new Event(type.isEmpty() ? "message" : type, payload, idBuffer));
        data.setLength(0);
        type = "";
    }
}
