package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.LifecycleObservers;
import dev.melody.stream.impl.connection.StreamThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real WebSocket connection (Tyrus), an application's {@code StreamOpened}/{@code StreamClosed} observer that
 * throws neither keeps the next observer from the event nor harms the connection.
 */
class WebSocketObserverIsolationTest {

    private WeldContainer weld;
    private Server tyrus;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        TestOptions.current = StreamOptions.defaults();
        TestApplication.path = StreamOptions.defaults().webSocketPath();
        weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, TestOptions.class, StreamAccess.class, WebSocketTransport.class,
                        StreamThreads.class, WebSocketStreamEndpoint.class,
                        LifecycleObservers.Throwing.class, LifecycleObservers.Recording.class)
                .initialize();
        tyrus = new Server("localhost", -1, "/app", Map.of(), TestApplication.class);
        tyrus.start();
    }

    @AfterEach
    void stop() {
        if (tyrus != null) {
            tyrus.stop();
        }
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }

    @Test
    void aThrowingObserverLeavesTheNextObserverAndTheConnectionUnharmed() throws Exception {
        URI uri = URI.create("ws://localhost:" + tyrus.getPort() + "/app/ws/isolated");
        TestClient client = TestClient.connect(http, uri, true, Map.of());
        LifecycleObservers.Recording recording = weld.select(LifecycleObservers.Recording.class).get();
        StreamOpened opened = recording.await(StreamOpened.class, event -> true, Timeouts.WAIT);
        assertNotNull(opened, "the recording observer saw no StreamOpened");
        assertEquals(Transport.WEBSOCKET, opened.connection().transport());
        assertEquals("isolated", opened.connection().topic());

        weld.select(ServerSentEventHub.class).get().broadcast("isolated", ServerSentEvent.of("still here"));
        assertEquals("still here", client.next());
        assertTrue(opened.connection().isOpen());

        client.closeNormally();
        StreamClosed closed = recording.await(StreamClosed.class,
                event -> event.connection().id().equals(opened.connection().id()), Timeouts.WAIT);
        assertNotNull(closed, "the recording observer saw no StreamClosed");
        assertEquals(CloseCause.CLIENT_CLOSED, closed.cause());
    }
}
