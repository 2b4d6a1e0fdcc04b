package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.WebSocketFrames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frame formats, and the markers in the envelope exactly as on SSE: same type, id and data. */
class WebSocketFrameFormatTest {

    private static final WebSocketFrameFormat ENVELOPE = new WebSocketFrameFormat(WebSocketFrames.JSON_ENVELOPE);

    /** The markers as the README's contract writes them; SSE carries the same ({@code SseEventFormatTest}). */
    @Test
    void markersAreEnvelopesWithTheirTypeIdAndData() {
        assertTrue(ENVELOPE.carriesEventTypes());
        assertEquals("{\"id\":null,\"event\":\"melody.resync\",\"data\":\"history lost: reload the current state\"}",
                ENVELOPE.text(StreamMarkers.resync()));
        assertEquals("{\"id\":\"3f9a1c07b2e4-40\",\"event\":\"melody.gap\",\"data\":\"{\\\"missed\\\":12}\"}",
                ENVELOPE.text(StreamMarkers.gap("3f9a1c07b2e4-40", 12)));
    }

    @Test
    void framesOfDataOnlyCarryTheDataAndNoEventType() {
        ServerSentEvent event = ServerSentEvent.of("task.created", "é\n\"x\"").withId("7");
        WebSocketFrameFormat text = new WebSocketFrameFormat(WebSocketFrames.DATA_TEXT);
        WebSocketFrameFormat binary = new WebSocketFrameFormat(WebSocketFrames.DATA_BINARY);
        assertFalse(text.carriesEventTypes() || text.isBinary());
        assertEquals("é\n\"x\"", text.text(event));
        assertFalse(binary.carriesEventTypes());
        assertTrue(binary.isBinary());
        assertEquals("é\n\"x\"", StandardCharsets.UTF_8.decode(binary.binary(event)).toString());
    }

    @Test
    void envelopeEscapesWhatJsonMustAndWritesAbsentFieldsAsNull() {
        assertEquals("{\"id\":\"7\",\"event\":null,\"data\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u2028\"}",
                ENVELOPE.text(ServerSentEvent.of("a\"b\\c\nd\re\tf\u0001\u2028").withId("7")));
    }
}
