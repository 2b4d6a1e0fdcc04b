package dev.melody.stream.spi.cluster;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.Topics;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The message format every backplane puts on its broker, Go Melody's envelope, written byte for byte as Go's
 * {@code encoding/json} writes it and read as Go reads it, so that Go Melody nodes can share the channel.
 *
 * <p><b>Writing.</b> {@code {"origin":"<32 hex>","topic":"…","event":{"Id":"…","Event":"…","Data":"…","Retry":0}}}:
 * keys in that order, every key present, {@code Retry} in milliseconds as a whole number. Strings are escaped as
 * {@code encoding/json} does by default: {@code "} and {@code \} with a backslash; {@code \n}, {@code \r},
 * {@code \t}, {@code \b}, {@code \f} by name (Go 1.22 and later); other characters below U+0020 as <code>&#92;u00XX</code>
 * (lowercase hex); {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as <code>&#92;u003c</code>, <code>&#92;u003e</code>,
 * <code>&#92;u0026</code>, <code>&#92;u2028</code>, <code>&#92;u2029</code>; a lone UTF-16 surrogate (which has no UTF-8 form, as invalid
 * UTF-8 has none in Go) as <code>&#92;ufffd</code>; everything else as UTF-8. A sequenced event whose id the application
 * chose carries one more key after {@code event}, {@code "cluster":"<epoch>-<seq>"}, its place in the topic's
 * sequence; Go ignores unknown keys.
 *
 * <p><b>Reading.</b> With JSON-P ({@code jakarta.json}, which every Jakarta EE server provides). Keys match case-insensitively (the last of two spellings wins, as in Go); unknown
 * keys are ignored; {@code null} leaves a field empty. What Go would refuse, and what this library cannot deliver,
 * is refused with a {@link Malformed} naming its {@link Cause}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
public final class GoEnvelope {

    /** Why an envelope was refused; each cause is counted and logged on its own. */
    public enum Cause {
        /** Not JSON, or not an object. */
        BAD_JSON,
        /** A field of the wrong JSON type (a number for a string, a fraction or negative number for Retry). */
        WRONG_TYPE,
        /** Larger than {@code maxMessageBytes}. */
        OVERSIZE,
        /** A topic missing or not acceptable to {@link Topics}. */
        INVALID_TOPIC,
        /** No event, or an event the library refuses (CR, LF or NUL in Id or Event). */
        INVALID_EVENT
    }

    /**
     * An envelope that cannot be delivered.
     *
     * <p><b>Thread-safety and lifecycle.</b> Immutable, without a stack trace; thrown by {@link #read}.
     */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Cause cause;

        /**
         * Makes the failure.
         *
         * @param cause why
         * @param detail what, for the log line
         */
        public Malformed(Cause cause, String detail) {
            super(detail, null, false, false);
            this.cause = cause;
        }

        /**
         * Returns why the envelope was refused.
         *
         * @return the cause
         */
        public Cause reason() {
            return cause;
        }
    }

    /**
     * A parsed envelope.
     *
     * @param origin the sender's origin, or {@code ""}
     * @param topic the topic, valid
     * @param event the event, with Go's id or none when it was empty
     * @param cluster the {@code cluster} key: the place in the sequence of an event whose id the application chose,
     *        or {@code null}
     */
    public record Parsed(String origin, String topic, ServerSentEvent event, String cluster) {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The JSON-P reader factory, looked up once (the lookup is a service-loader search), when first needed. */
    private static final class Readers {
        static final JsonReaderFactory FACTORY = Json.createReaderFactory(Map.of());
    }

    private GoEnvelope() {
    }

    /**
     * Writes an envelope.
     *
     * @param origin this node's origin, 32 hex characters
     * @param topic the topic
     * @param event the event; a {@code null} id is written as {@code ""}
     * @param cluster the event's place in its topic's sequence when its id is the application's, or {@code null}
     * @return the JSON text
     */
    public static String write(String origin, String topic, ServerSentEvent event, String cluster) {
        StringBuilder out = new StringBuilder(96 + event.data().length());
        out.append("{\"origin\":");
        string(out, origin);
        out.append(",\"topic\":");
        string(out, topic);
        out.append(",\"event\":{\"Id\":");
        string(out, event.id() == null ? "" : event.id());
        out.append(",\"Event\":");
        string(out, event.event() == null ? "" : event.event());
        out.append(",\"Data\":");
        string(out, event.data());
        out.append(",\"Retry\":").append(event.retry() == null ? 0 : event.retry().toMillis()).append('}');
        if (cluster != null) {
            out.append(",\"cluster\":");
            string(out, cluster);
        }
        return out.append('}').toString();
    }

    /** Appends a JSON string as Go's {@code encoding/json} writes it with HTML escaping (its default). */
    public static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /**
     * Reads an envelope.
     *
     * @param bytes the message as received
     * @param maxBytes the largest message accepted
     * @return the parsed envelope
     * @throws Malformed when it cannot be delivered, with the cause
     */
    public static Parsed read(byte[] bytes, int maxBytes) throws Malformed {
        if (bytes.length > maxBytes) {
            throw new Malformed(Cause.OVERSIZE, bytes.length + " bytes, more than " + maxBytes);
        }
        JsonObject root = object(bytes);
        String origin = text(root, "origin", "");
        String topic = text(root, "topic", null);
        String problem = Topics.problem(topic);
        if (problem != null) {
            throw new Malformed(Cause.INVALID_TOPIC, problem);
        }
        JsonValue eventValue = field(root, "event");
        if (eventValue == null || eventValue.getValueType() == JsonValue.ValueType.NULL) {
            throw new Malformed(Cause.INVALID_EVENT, "no event");
        }
        if (!(eventValue instanceof JsonObject event)) {
            throw new Malformed(Cause.WRONG_TYPE, "event is not an object");
        }
        String id = text(event, "id", "");
        String type = text(event, "event", "");
        String data = text(event, "data", "");
        long retry = retry(event);
        try {
            ServerSentEvent parsed = new ServerSentEvent(id.isEmpty() ? null : id, type.isEmpty() ? null : type, data,
                    retry > 0 ? Duration.ofMillis(retry) : null);
            return new Parsed(origin, topic, parsed, text(root, "cluster", null));
        } catch (IllegalArgumentException e) {
            throw new Malformed(Cause.INVALID_EVENT, e.getMessage());
        }
    }

    private static JsonObject object(byte[] bytes) throws Malformed {
        try (JsonReader reader = Readers.FACTORY.createReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
            throw new Malformed(Cause.BAD_JSON, "not a JSON object");
        } catch (JsonException | IllegalStateException e) {
            throw new Malformed(Cause.BAD_JSON, String.valueOf(e.getMessage()));
        }
    }

    /** The value of a key matched case-insensitively (as Go's {@code encoding/json}); the last match wins. */
    private static JsonValue field(JsonObject object, String name) {
        JsonValue found = null;
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                found = entry.getValue();
            }
        }
        return found;
    }

    private static String text(JsonObject object, String name, String absent) throws Malformed {
        JsonValue value = field(object, name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return absent;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new Malformed(Cause.WRONG_TYPE, name + " is not a string");
    }

    private static long retry(JsonObject event) throws Malformed {
        JsonValue value = field(event, "retry");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return 0;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long millis = number.longValueExact();
                if (millis >= 0) {
                    return millis;
                }
            } catch (ArithmeticException e) {
                // reported below
            }
        }
        throw new Malformed(Cause.WRONG_TYPE, "Retry is not a whole number of milliseconds from 0");
    }

    /**
     * Returns the bytes to publish for a text written by {@link #write}.
     *
     * @param json the envelope
     * @return its UTF-8 bytes (lone surrogates were already written as escapes)
     */
    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
