package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.connection.CloseDetails;
import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.testing.OpeningGate;
import dev.melody.stream.impl.testing.TestEvents;
import dev.melody.stream.impl.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way out of a connection: pings, application closes, shutdown and undeploy; counts return to zero. */
class WebSocketLifecycleTest {

    @Test
    void unansweredPingClosesTheSilentClientAndKeepsTheAnsweringOne() throws Exception {
        StreamOptions options = StreamOptions.builder().idleTimeout(Duration.ofMillis(200)).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient.connect(server, "/ws/idle", false, Map.of());      // reads nothing, so never answers a ping
            TestClient answering = TestClient.connect(server, "/ws/idle");
            StreamConnection first = server.events().awaitOpened().connection();
            StreamConnection second = server.events().awaitOpened().connection();
            StreamClosed closed = server.events().awaitClosed();
            assertEquals(CloseCause.IDLE_TIMEOUT, closed.cause());
            StreamConnection alive = closed.connection() == first ? second : first;
            assertTrue(alive.isOpen(), "the client that answers pings stays connected");
            assertEquals(1, server.hub().subscriberCount("idle"));
            answering.closeNormally();
            assertEquals(CloseCause.CLIENT_CLOSED, server.events().awaitClosed().cause());
            assertEquals(0, server.hub().subscriberCount("idle"));
        }
    }

    @Test
    void applicationCloseSendsItsCodeAndUnsubscribes() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            client.send(TestEvents.CLOSE);
            assertEquals(new TestClient.Close(4000, "closed by the application"), client.awaitClose());
            StreamClosed closed = server.events().awaitClosed();
            assertEquals(CloseCause.SERVER_CLOSED, closed.cause());
            assertEquals(0, server.hub().subscriberCount("t"));
            assertEquals(0, server.bean(WebSocketTransport.class).openConnections());
        }
    }

    @Test
    void hubShutdownClosesEveryClientWith1001() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient a = TestClient.connect(server, "/ws/a");
            TestClient b = TestClient.connect(server, "/ws/b");
            server.events().awaitOpened();
            server.events().awaitOpened();
            ServerSentEventHub hub = server.hub();
            hub.shutdown();
            assertEquals(new TestClient.Close(1001, CloseDetails.SHUTDOWN), a.awaitClose());
            assertEquals(new TestClient.Close(1001, CloseDetails.SHUTDOWN), b.awaitClose());
            assertEquals(CloseCause.SHUTDOWN, server.events().awaitClosed().cause());
            assertEquals(CloseCause.SHUTDOWN, server.events().awaitClosed().cause());
            assertEquals(0, hub.statistics().subscribers());
            TestClient late = TestClient.connect(server, "/ws/a");
            assertEquals(1001, late.awaitClose().code());
            assertTrue(server.events().noLifecycleEventWaiting(), "a refused late client is never opened");
        }
    }

    @Test
    void stoppingTheApplicationClosesEveryClientWith1001() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/undeploy");
            server.events().awaitOpened();
            client.awaitFullyOpen();                 // an opening connection is the next test's case
            server.stopApplication();
            assertEquals(new TestClient.Close(1001, CloseDetails.SHUTDOWN), client.awaitClose());
        }
    }

    @Test
    void stoppingTheApplicationWhileAConnectionOpensClosesItWith1001() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient client = TestClient.connect(server, "/ws/" + OpeningGate.TOPIC);
            server.events().awaitOpened();           // its opening thread is now held just after StreamOpened
            server.stopApplication();
            server.openingGate().release();
            assertEquals(new TestClient.Close(1001, CloseDetails.SHUTDOWN), client.awaitClose());
        }
    }
}
