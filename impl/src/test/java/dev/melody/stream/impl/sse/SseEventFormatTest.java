package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

/** The wire format, read back by a parser that follows the browser's rules. */
class SseEventFormatTest {

    /** Jersey's event builder, as a non-RESTEasy container hands it out; no broadcaster is ever asked for. */
    private static final Sse JERSEY = new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException("the format needs no broadcaster");
        }
    };

    private static String wire(String data) {
        return SseEventFormat.wire(new OutboundEvent.Builder().data(String.class, data).build(), data);
    }

    private static List<Event> parse(String text) {
        List<Event> events = new ArrayList<>();
        new EventStreamParser(events::add, comment -> { }).feed(text);
        return events;
    }

    @Test
    void everyLineBreakStartsANewDataLine() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\n\n", wire("a\r\nb\rc\nd"));
    }

    @Test
    void emptyDataIsOneEmptyDataLineAndFires() {
        assertEquals("data: \n\n", wire(""));
        assertEquals(List.of(new Event("message", "", "")), parse(wire("")));
    }

    @Test
    void dataRoundTripsThroughABrowserParser() {
        for (String data : List.of(" lead", "a\n", "\n", "\r\n\r\n", "a\n\nb", "trailing\r", "x\u0000y")) {
            assertEquals(data.replace("\r\n", "\n").replace('\r', '\n'), parse(wire(data)).get(0).data(), data);
        }
    }

    @Test
    void injectionThroughDataStaysInsideOneEvent() {
        String attack = "x\n\nid: 99\nevent: evil\nretry: 1\n\ndata: y\r\rid: 98";
        List<Event> events = parse(wire(attack));
        assertEquals(1, events.size());
        assertEquals(new Event("message", attack.replace('\r', '\n'), ""), events.get(0));
    }

    @Test
    void fieldsAreWrittenWithOneSpace() {
        String text = SseEventFormat.wire(new OutboundEvent.Builder().name("t").id("7").reconnectDelay(3000)
                .data(String.class, "d").build(), "d");
        assertEquals("event: t\nid: 7\nretry: 3000\ndata: d\n\n", text);
    }

    @Test
    void heartbeatIsACommentThatFiresNothing() {
        String text = SseEventFormat.wire(new OutboundEvent.Builder().comment("heartbeat").build(), null);
        assertEquals(": heartbeat\n\n", text);
        assertTrue(parse(text).isEmpty());
    }

    @Test
    void lineBreakInIdOrNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SseEventFormat.wire(
                new OutboundEvent.Builder().id("1\nevent: x").data(String.class, "d").build(), "d"));
        assertThrows(IllegalArgumentException.class, () -> SseEventFormat.inbound(
                new OutboundEvent.Builder().name("a\rb").data(String.class, "d").build()));
    }

    @Test
    void applicationEventBecomesAHubEvent() {
        ServerSentEvent event = SseEventFormat.inbound(new OutboundEvent.Builder().name("t").id("5")
                .reconnectDelay(2000).data(String.class, "payload").build());
        assertEquals(new ServerSentEvent("5", "t", "payload", Duration.ofSeconds(2)), event);
    }

    /** The markers as the README's contract writes them; the WebSocket envelope carries the same (its own test). */
    @Test
    void markersAreWrittenWithTheirTypeIdAndData() {
        String resync = wireOf(StreamMarkers.resync());
        assertEquals("event: melody.resync\ndata: history lost: reload the current state\n\n", resync);
        assertEquals(List.of(new Event("melody.resync", "history lost: reload the current state", "")), parse(resync));
        String gap = wireOf(StreamMarkers.gap("3f9a1c07b2e4-40", 12));
        assertEquals("event: melody.gap\nid: 3f9a1c07b2e4-40\ndata: {\"missed\":12}\n\n", gap);
        assertEquals(List.of(new Event("melody.gap", "{\"missed\":12}", "3f9a1c07b2e4-40")), parse(gap));
    }

    private static String wireOf(ServerSentEvent event) {
        OutboundSseEvent outbound = SseEventFormat.outbound(JERSEY, event);
        return SseEventFormat.wire(outbound, (String) outbound.getData());
    }

    @Test
    void registrarSaysWhereTheStreamIsServed() {
        assertEquals(SseRegistrar.LOG_DISABLED, SseRegistrar.describe("", "/app", true));
        assertEquals(SseRegistrar.LOG_NO_JAXRS, SseRegistrar.describe("/melody/events/{topic}", "/app", false));
        assertEquals("Melody Stream SSE transport registered at /app/melody/events/{topic}",
                SseRegistrar.describe("/melody/events/{topic}", "/app", true));
        assertTrue(SseRegistrar.describe("/feeds/events/{topic}", "/app", true).contains("/feeds/*"));
        assertTrue(SseRegistrar.describe("/sse/{topic}", "/app", true).contains("not of the form"));
    }
}
