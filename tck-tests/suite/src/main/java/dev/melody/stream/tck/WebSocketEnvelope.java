package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A text frame of {@code webSocketFrames=JSON_ENVELOPE}, {@code {"id":…,"event":…,"data":…}} with string or
 * {@code null} values, parsed strictly: anything else fails the test. Immutable.
 *
 * @param id the event id, or {@code null}
 * @param event the event type, or {@code null} for the default type
 * @param data the data, or {@code null}
 */
record WebSocketEnvelope(String id, String event, String data) {

    /**
     * Parses one frame.
     *
     * @param frame the frame's text
     * @return the envelope
     */
    static WebSocketEnvelope parse(String frame) {
        Map<String, String> fields = new Reader(frame).object();
        assertEquals(Set.of("id", "event", "data"), fields.keySet(), () -> "envelope fields of " + frame);
        return new WebSocketEnvelope(fields.get("id"), fields.get("event"), fields.get("data"));
    }

    /**
     * Returns the envelope as the SSE clients report an event, so both transports are checked alike.
     *
     * @return the event; type {@code message} when absent, id {@code ""} when absent
     */
    Event asEvent() {
        return new Event(event == null ? "message" : event, data, id == null ? "" : id);
    }

    /** A reader of one flat JSON object of strings and nulls. */
    private static final class Reader {

        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> fields = new HashMap<>();
            expect('{');
            while (true) {
                String name = string();
                expect(':');
                fields.put(name, text.startsWith("null", at) ? skipNull() : string());
                if (peek() == '}') {
                    expect('}');
                    assertEquals(text.length(), at, () -> "text after the envelope: " + text);
                    return fields;
                }
                expect(',');
            }
        }

        private String skipNull() {
            at += "null".length();
            return null;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            for (char c; (c = next()) != '"'; ) {
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped);           // \" \\ \/
                }
            }
            return value.toString();
        }

        private void expect(char c) {
            assertEquals(c, next(), () -> "malformed envelope at " + (at - 1) + ": " + text);
        }

        private char peek() {
            assertTrue(at < text.length(), () -> "the envelope ended early: " + text);
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }
    }
}
