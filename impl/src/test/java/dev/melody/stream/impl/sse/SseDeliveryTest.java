package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Broadcast;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.sse.SseBroadcasters;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events reach SSE clients through Jersey on Grizzly, written byte for byte as a browser must read them. */
class SseDeliveryTest {

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.sse(StreamOptions.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SseClient open(String topic) throws Exception {
        return SseClient.connect(server, "/melody/events/" + topic).awaitOpen();
    }

    @Test
    void streamCarriesTheEventStreamHeaders() throws Exception {
        open("news").assertStreamHeaders();
    }

    @Test
    void broadcastArrivesWithTypeIdAndRetry() throws Exception {
        SseClient client = open("news");
        server.hub().broadcast("news", new ServerSentEvent("7", "greeting", "hello", Duration.ofSeconds(3)));
        assertEquals(new Event("greeting", "hello", "7"), client.awaitEvent());
        assertTrue(client.raw().contains("event: greeting\nid: 7\nretry: 3000\ndata: hello\n\n"), client.raw());
    }

    @Test
    void crlfCrAndLfEachEndADataLine() throws Exception {
        SseClient client = open("news");
        server.hub().broadcast("news", ServerSentEvent.of("a\r\nb\rc\nd"));
        assertEquals("a\nb\nc\nd", client.awaitEvent().data());
        assertTrue(client.raw().contains("data: a\ndata: b\ndata: c\ndata: d\n\n"), client.raw());
    }

    @Test
    void emptyDataStillFiresAnEvent() throws Exception {
        SseClient client = open("news");
        server.hub().broadcast("news", ServerSentEvent.of("ping", ""));
        server.hub().broadcast("news", ServerSentEvent.of("after"));
        assertHubEvent("ping", "", 1, client.awaitEvent());
        assertEquals("after", client.awaitEvent().data());
    }

    @Test
    void blankLinesLeadingSpacesAndTrailingBreaksSurvive() throws Exception {
        SseClient client = open("news");
        String data = " lead\n\n\nmiddle\r\n\r\ntrail\n";
        server.hub().broadcast("news", ServerSentEvent.of(data));
        assertEquals(data.replace("\r\n", "\n"), client.awaitEvent().data());
        server.hub().broadcast("news", ServerSentEvent.of("\n"));
        assertEquals("\n", client.awaitEvent().data());
    }

    @Test
    void fieldsInjectedThroughDataStayData() throws Exception {
        SseClient client = open("news");
        String attack = "x\n\nid: 99\nevent: evil\nretry: 1\n\ndata: y\r\rid: 98";
        server.hub().broadcast("news", ServerSentEvent.of(attack));
        server.hub().broadcast("news", ServerSentEvent.of("next"));
        Event event = client.awaitEvent();
        assertHubEvent("message", attack.replace("\r", "\n"), 1, event);
        assertHubEvent("message", "next", 2, client.awaitEvent());
    }

    @Test
    void cdiBroadcastReachesTheClient() throws Exception {
        SseClient client = open("device-42");
        server.bean(BeanManager.class).getEvent().select(Broadcast.class)
                .fire(new Broadcast("device-42", ServerSentEvent.of("task.created", "{\"id\":1}")));
        assertHubEvent("task.created", "{\"id\":1}", 1, client.awaitEvent());
    }

    @Test
    void streamOpenedNamesTheSseTransportAndTheTopic() throws Exception {
        open("presence");
        StreamOpened opened = server.events().awaitOpened();
        assertEquals(Transport.SSE, opened.connection().transport());
        assertEquals("presence", opened.connection().topic());
        assertTrue(opened.connection().isOpen());
        assertTrue(opened.connection().send(ServerSentEvent.of("direct", "just you")));
    }

    @Test
    void connectionSendReachesOnlyThatClient() throws Exception {
        SseClient first = open("room");
        StreamOpened opened = server.events().awaitOpened();
        SseClient second = open("room");
        server.events().awaitOpened();
        opened.connection().send(ServerSentEvent.of("direct", "just you"));
        server.hub().broadcast("room", ServerSentEvent.of("everyone"));
        assertEquals("just you", first.awaitEvent().data());
        assertEquals("everyone", first.awaitEvent().data());
        assertEquals("everyone", second.awaitEvent().data());
    }

    @Test
    void applicationSinkRegisteredWithTheBroadcasterReceivesEveryBroadcast() throws Exception {
        SseClient own = SseClient.connect(server, "/melody/app-sinks/news").awaitOpen();
        SseClient library = open("news");
        SseBroadcaster broadcaster = server.bean(SseBroadcasters.class).forTopic("news", new TestSse());
        Object delivered = broadcaster.broadcast(new OutboundEvent.Builder().name("t").id("a-1").data("via JAX-RS")
                .build()).toCompletableFuture().get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(2, delivered);
        assertEquals(new Event("t", "via JAX-RS", "a-1"), own.awaitEvent());
        assertEquals(new Event("t", "via JAX-RS", "a-1"), library.awaitEvent());
    }

    @Test
    void broadcasterRefusesDataThatIsNotText() {
        SseBroadcaster broadcaster = server.bean(SseBroadcasters.class).forTopic("news", new TestSse());
        OutboundSseEvent event = new OutboundEvent.Builder().data(Integer.class, 42).build();
        CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> broadcaster.broadcast(event).toCompletableFuture().join());
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    /** The container's {@link Sse}, as an application would get it with {@code @Context}. */
    static final class TestSse implements Sse {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException("use SseTransport.broadcaster(topic, sse)");
        }
    }

    /** Asserts an event's type and data, and that its hub-assigned id ({@code <epoch>-<sequence>}) has the sequence. */
    private static void assertHubEvent(String type, String data, long sequence, Event event) {
        assertEquals(type, event.type());
        assertEquals(data, event.data());
        assertTrue(event.lastEventId().matches("[0-9a-f]{12}-" + sequence), event.lastEventId());
    }
}
