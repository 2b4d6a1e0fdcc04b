package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.Transport;
import dev.melody.stream.WebSocketFrames;
import dev.melody.stream.impl.testing.TestEvents;
import dev.melody.stream.impl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broadcasts out, frames in, direct replies, replay and the lifecycle events, against a real Tyrus server. */
class WebSocketDeliveryTest {

    @Test
    void broadcastReachesClientAsTextFrameOfTheData() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/device-42");
            StreamOpened opened = server.events().awaitOpened();
            assertEquals("device-42", opened.connection().topic());
            assertEquals(Transport.WEBSOCKET, opened.connection().transport());
            assertEquals(1, server.hub().broadcast("device-42", ServerSentEvent.of("task.created", "{\"n\":1}")));
            assertEquals("{\"n\":1}", client.next());
        }
    }

    @Test
    void aBroadcastMadeAsSoonAsTheClientHasItsUpgradeReachesIt() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            for (int i = 0; i < 50; i++) {
                String topic = "at-open-" + i;
                TestClient client = TestClient.connect(server, "/ws/" + topic);   // returns once it has its 101
                assertEquals(1, server.hub().broadcast(topic, ServerSentEvent.of("first " + i)),
                        "subscribed before the handshake completed, not in the endpoint's onOpen");
                assertEquals("first " + i, client.next());
                client.closeNormally();
            }
        }
    }

    @Test
    void theResyncMarkerComesBeforeEventsBroadcastWhileTheHandshakeWasAnswered() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.builder()
                .webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build())) {
            for (int i = 0; i < 20; i++) {
                String topic = "stale-" + i;
                TestClient client = TestClient.connect(server, "/ws/" + topic + "?lastEventId=0123456789ab-7");
                server.hub().broadcast(topic, ServerSentEvent.of("live " + i));     // may precede the endpoint's onOpen
                assertTrue(client.next().contains("\"event\":\"" + StreamMarkers.RESYNC + "\""), "round " + i);
                assertTrue(client.next().contains("\"data\":\"live " + i + "\""), "round " + i);
                client.closeNormally();
            }
        }
    }

    @Test
    void aResumingClientGetsWhatWasBroadcastWhileItsHandshakeWasAnswered() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.builder()
                .webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build())) {
            TestClient first = TestClient.connect(server, "/ws/resume");
            server.hub().broadcast("resume", ServerSentEvent.of("one"));
            String one = first.next();
            String id = one.substring(one.indexOf("\"id\":\"") + 6, one.indexOf('"', one.indexOf("\"id\":\"") + 6));
            first.closeNormally();
            server.hub().broadcast("resume", ServerSentEvent.of("two"));
            TestClient again = TestClient.connect(server, "/ws/resume?lastEventId=" + id);
            server.hub().broadcast("resume", ServerSentEvent.of("three"));
            assertTrue(again.next().contains("\"data\":\"two\""));
            assertTrue(again.next().contains("\"data\":\"three\""));
        }
    }

    @Test
    void binaryOptionSendsTheDataAsBinaryFrames() throws Exception {
        StreamOptions options = StreamOptions.builder().webSocketFrames(WebSocketFrames.DATA_BINARY).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient client = TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            server.hub().broadcast("t", ServerSentEvent.of("héllo"));
            assertEquals("binary:héllo", client.next());
        }
    }

    @Test
    void thousandInboundFramesAreObservedInOrderThenAsync() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/in");
            server.events().awaitOpened();
            for (int i = 0; i < 1000; i++) {
                client.send("frame-" + i);      // one send outstanding at a time, as the JDK client requires
            }
            for (int i = 0; i < 1000; i++) {
                InboundMessage message = server.events().awaitInbound();
                assertEquals("frame-" + i, message.text());
                assertEquals("in", message.connection().topic());
            }
            List<String> async = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                async.add(server.events().awaitInboundAsync().text());
            }
            assertEquals(1000, async.stream().distinct().count());
        }
    }

    @Test
    void sendFromAnObserverReachesOnlyThatClient() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient asker = TestClient.connect(server, "/ws/shared");
            TestClient other = TestClient.connect(server, "/ws/shared");
            asker.send(TestEvents.ECHO + "ping");
            assertEquals("echo ping", asker.next());
            server.hub().broadcast("shared", ServerSentEvent.of("after"));
            assertEquals("after", other.next());                 // the echo never reached the other client
            assertEquals("after", asker.next());
        }
    }

    @Test
    void jsonEnvelopeLetsAClientResumeAfterLastEventIdWithoutGapOrDuplicate() throws Exception {
        StreamOptions options = StreamOptions.builder().webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build();
        try (TestServer server = TestServer.webSocket(options)) {
            Subscription probe = server.hub().subscribe("r");
            for (int i = 1; i <= 5; i++) {
                server.hub().broadcast("r", ServerSentEvent.of("kind", "e" + i));
            }
            List<String> ids = new ArrayList<>(List.of("unused"));
            for (ServerSentEvent event = probe.poll(); event != null; event = probe.poll()) {
                ids.add(event.id());
            }
            TestClient client = TestClient.connect(server, "/ws/r?lastEventId=" + ids.get(2));
            server.events().awaitOpened();
            server.hub().broadcast("r", ServerSentEvent.of("kind", "e6"));
            ids.add(probe.poll().id());
            for (int i = 3; i <= 6; i++) {
                assertEquals("{\"id\":\"" + ids.get(i) + "\",\"event\":\"kind\",\"data\":\"e" + i + "\"}",
                        client.next());
            }
            assertTrue(client.messages.isEmpty());
        }
    }

    @Test
    void unknownLastEventIdGetsTheResyncMarkerFirst() throws Exception {
        StreamOptions options = StreamOptions.builder().webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient client = TestClient.connect(server, "/ws/r?lastEventId=999");
            server.events().awaitOpened();
            Subscription probe = server.hub().subscribe("r");
            server.hub().broadcast("r", ServerSentEvent.of("live"));
            assertEquals("{\"id\":null,\"event\":\"melody.resync\",\"data\":\"" + StreamMarkers.RESYNC_DATA
                    + "\"}", client.next(), "the same marker as on SSE");
            assertEquals("{\"id\":\"" + probe.poll().id() + "\",\"event\":null,\"data\":\"live\"}", client.next());
        }
    }

    @Test
    void openedAndClosedAreFiredOncePerConnectionAndTheSubscriptionIsGone() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/life");
            StreamOpened opened = server.events().awaitOpened();
            assertEquals(1, server.hub().subscriberCount("life"));
            client.closeNormally();
            StreamClosed closed = server.events().awaitClosed();
            assertSame(opened.connection(), closed.connection());
            assertEquals(CloseCause.CLIENT_CLOSED, closed.cause());
            assertEquals(0, server.hub().subscriberCount("life"));
            assertFalse(closed.connection().isOpen());
            assertFalse(closed.connection().send(ServerSentEvent.of("late")));
            assertTrue(server.events().noLifecycleEventWaiting());
            assertEquals(0, server.bean(WebSocketTransport.class).openConnections());
        }
    }
}
