package dev.melody.stream.spi.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.melody.stream.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The envelope byte for byte as Go's encoding/json writes it (fixtures derived from its encoder's rules: HTML
 * escaping on, \b and \f by name since Go 1.22, invalid text as \ufffd), and read as Go reads it.
 */
class GoEnvelopeTest {

    private static final String ORIGIN = "0123456789abcdef0123456789abcdef";
    private static final int MAX = 1 << 20;

    private static String written(String data) {
        return GoEnvelope.write(ORIGIN, "orders", ServerSentEvent.of(data), null);
    }

    @Test
    void plainEventIsWrittenWithEveryKeyInGoOrder() {
        assertEquals("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                + "\"Data\":\"x\",\"Retry\":0}}", written("x"));
    }

    @Test
    void idTypeAndRetryAreWrittenAsGoFieldsWithRetryInMilliseconds() {
        ServerSentEvent event = new ServerSentEvent("0123456789ab-7", "order.created", "{\"n\":1}",
                Duration.ofMillis(3000));
        assertEquals("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"0123456789ab-7\","
                + "\"Event\":\"order.created\",\"Data\":\"{\\\"n\\\":1}\",\"Retry\":3000}}",
                GoEnvelope.write(ORIGIN, "orders", event, null));
    }

    @Test
    void quotesAndBackslashesAreEscapedWithABackslash() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", dataOf(written("say \"hi\" \\ bye")));
    }

    @Test
    void controlCharactersAreEscapedByNameOrAsLowercaseHex() {
        assertEquals("\"\\u0001\\b\\f\\n\\r\\t\\u001f\u007f\\u0000\"",
                dataOf(written("\u0001\b\f\n\r\t\u001f\u007f\0")));
    }

    @Test
    void htmlCharactersAndLineSeparatorsAreEscapedAsGoDoesByDefault() {
        assertEquals("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e \\u2028\\u2029\"",
                dataOf(written("<a href=\"x\">&</a> \u2028\u2029")));
    }

    @Test
    void unicodeIsWrittenAsUtf8AndLoneSurrogatesAsReplacementEscapes() {
        String json = written("h\u00e9llo \u4e16\u754c \ud83d\ude00 \ud800 x\udc00");
        assertEquals("\"h\u00e9llo \u4e16\u754c \ud83d\ude00 \\ufffd x\\ufffd\"", dataOf(json));
        byte[] bytes = GoEnvelope.bytes(json);
        String expectedData = "\"h\u00e9llo \u4e16\u754c \ud83d\ude00 \\ufffd x\\ufffd\"";
        assertArrayEquals(("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                + "\"Data\":" + expectedData + ",\"Retry\":0}}").getBytes(StandardCharsets.UTF_8), bytes);
    }

    @Test
    void topicIsEscapedLikeEveryOtherString() {
        String json = GoEnvelope.write(ORIGIN, "a<b>\"c\u00e9", ServerSentEvent.of(""), null);
        assertEquals("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"a\\u003cb\\u003e\\\"c\u00e9\",\"event\":{\"Id\":\"\","
                + "\"Event\":\"\",\"Data\":\"\",\"Retry\":0}}", json);
    }

    @Test
    void whatJavaWritesReadsBackUnchanged() throws Exception {
        String data = "line1\nline2\r\n<&> \"q\" \\ \u2028 \u00e9 \ud83d\ude00 \u0001";
        ServerSentEvent event = new ServerSentEvent("0123456789ab-3", "t", data, Duration.ofSeconds(2));
        GoEnvelope.Parsed parsed = GoEnvelope.read(GoEnvelope.bytes(GoEnvelope.write(ORIGIN, "orders", event, null)),
                MAX);
        assertEquals(ORIGIN, parsed.origin());
        assertEquals("orders", parsed.topic());
        assertEquals(event, parsed.event());
        assertNull(parsed.cluster());
    }

    @Test
    void goEnvelopeWithEmptyFieldsReadsAsAnEventWithoutIdOrType() throws Exception {
        byte[] go = ("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                + "\"Data\":\"\\u003cb\\u003e \\ud83d\\ude00\",\"Retry\":0}}").getBytes(StandardCharsets.UTF_8);
        GoEnvelope.Parsed parsed = GoEnvelope.read(go, MAX);
        assertEquals(ServerSentEvent.of("<b> \ud83d\ude00"), parsed.event());
    }

    @Test
    void keysAreMatchedCaseInsensitivelyAndUnknownKeysIgnored() throws Exception {
        byte[] go = ("{\"ORIGIN\":\"" + ORIGIN + "\",\"Topic\":\"orders\",\"extra\":[1,{\"a\":null}],"
                + "\"EVENT\":{\"id\":\"go-1\",\"event\":\"e\",\"DATA\":\"d\",\"retry\":1500,\"More\":true}}")
                .getBytes(StandardCharsets.UTF_8);
        GoEnvelope.Parsed parsed = GoEnvelope.read(go, MAX);
        assertEquals(ORIGIN, parsed.origin());
        assertEquals(new ServerSentEvent("go-1", "e", "d", Duration.ofMillis(1500)), parsed.event());
    }

    @Test
    void nullFieldsAreLeftEmptyAsGoDoes() throws Exception {
        byte[] go = "{\"origin\":null,\"topic\":\"t\",\"event\":{\"Id\":null,\"Data\":\"d\",\"Retry\":null}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(ServerSentEvent.of("d"), GoEnvelope.read(go, MAX).event());
    }

    @Test
    void applicationIdTravelsWithItsPlaceInTheSequence() throws Exception {
        ServerSentEvent event = new ServerSentEvent("order-17", null, "x", null);
        String json = GoEnvelope.write(ORIGIN, "orders", event, "0123456789ab-4");
        assertEquals("{\"origin\":\"" + ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"order-17\","
                + "\"Event\":\"\",\"Data\":\"x\",\"Retry\":0},\"cluster\":\"0123456789ab-4\"}", json);
        assertEquals("0123456789ab-4", GoEnvelope.read(GoEnvelope.bytes(json), MAX).cluster());
    }

    @Test
    void badInputIsRefusedWithItsCause() {
        assertCause(GoEnvelope.Cause.BAD_JSON, "{\"origin\":");
        assertCause(GoEnvelope.Cause.BAD_JSON, "[1,2]");
        assertCause(GoEnvelope.Cause.BAD_JSON, "not json");
        assertCause(GoEnvelope.Cause.BAD_JSON, "\"just a string\"");
        assertCause(GoEnvelope.Cause.WRONG_TYPE, "{\"topic\":\"t\",\"event\":{\"Data\":5}}");
        assertCause(GoEnvelope.Cause.WRONG_TYPE, "{\"topic\":\"t\",\"event\":{\"Data\":\"d\",\"Retry\":1.5}}");
        assertCause(GoEnvelope.Cause.WRONG_TYPE, "{\"topic\":\"t\",\"event\":{\"Data\":\"d\",\"Retry\":-1}}");
        assertCause(GoEnvelope.Cause.WRONG_TYPE, "{\"topic\":\"t\",\"event\":\"x\"}");
        assertCause(GoEnvelope.Cause.WRONG_TYPE, "{\"topic\":7,\"event\":{}}");
        assertCause(GoEnvelope.Cause.INVALID_TOPIC, "{\"topic\":\"\",\"event\":{\"Data\":\"d\"}}");
        assertCause(GoEnvelope.Cause.INVALID_TOPIC, "{\"event\":{\"Data\":\"d\"}}");
        assertCause(GoEnvelope.Cause.INVALID_TOPIC, "{\"topic\":\"a\\u0000b\",\"event\":{\"Data\":\"d\"}}");
        assertCause(GoEnvelope.Cause.INVALID_EVENT, "{\"topic\":\"t\"}");
        assertCause(GoEnvelope.Cause.INVALID_EVENT, "{\"topic\":\"t\",\"event\":{\"Id\":\"a\\nb\",\"Data\":\"d\"}}");
        GoEnvelope.Malformed oversize = assertThrows(GoEnvelope.Malformed.class,
                () -> GoEnvelope.read(new byte[2048], 1024));
        assertEquals(GoEnvelope.Cause.OVERSIZE, oversize.reason());
    }

    private static void assertCause(GoEnvelope.Cause cause, String json) {
        GoEnvelope.Malformed malformed = assertThrows(GoEnvelope.Malformed.class,
                () -> GoEnvelope.read(json.getBytes(StandardCharsets.ISO_8859_1), MAX), json);
        assertEquals(cause, malformed.reason(), json + ": " + malformed.getMessage());
    }

    private static String dataOf(String json) {
        int start = json.indexOf("\"Data\":") + "\"Data\":".length();
        int end = json.lastIndexOf(",\"Retry\":");
        return json.substring(start, end);
    }
}
