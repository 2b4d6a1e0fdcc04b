package dev.melody.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServerSentEventTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nb", "a\u0000b", "\n"})
    void idWithLineBreakOrNulIsRefusedNamingTheField(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerSentEvent(id, null, "x", null));
        assertTrue(e.getMessage().startsWith("ServerSentEvent id must not contain CR, LF or NUL"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil\ndata: injected", "a\rb", "a\u0000"})
    void eventWithLineBreakOrNulIsRefusedNamingTheField(String event) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerSentEvent.of(event, "x"));
        assertTrue(e.getMessage().startsWith("ServerSentEvent event must not contain CR, LF or NUL"), e.getMessage());
    }

    @Test
    void dataMaySpanLinesAndBeEmpty() {
        assertEquals("a\r\nb\rc\nd", ServerSentEvent.of("a\r\nb\rc\nd").data());
        assertEquals("", ServerSentEvent.of("").data());
    }

    @Test
    void nullDataAndNegativeRetryAreRefused() {
        assertThrows(NullPointerException.class, () -> ServerSentEvent.of(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerSentEvent.of("x").withRetry(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("retry"));
    }

    @Test
    void copiesChangeOnlyTheNamedField() {
        ServerSentEvent event = ServerSentEvent.of("type", "data").withId("7").withRetry(Duration.ofSeconds(3));
        assertEquals(new ServerSentEvent("7", "type", "data", Duration.ofSeconds(3)), event);
        assertEquals("8", event.withId("8").id());
        assertEquals("type", event.withId("8").event());
    }

    @Test
    void broadcastChecksItsTopicAndEvent() {
        assertThrows(IllegalArgumentException.class, () -> Broadcast.of("", "x"));
        assertThrows(IllegalArgumentException.class, () -> Broadcast.of("a\tb", "x"));
        assertThrows(NullPointerException.class, () -> new Broadcast("t", null));
        assertEquals("t", Broadcast.of("t", "x").topic());
    }
}
