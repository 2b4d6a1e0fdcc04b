package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import dev.melody.stream.impl.testing.Timeouts;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.connection.LifecycleObservers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real WebSocket connection (Tyrus), an application's {@code StreamOpened}/{@code StreamClosed} observer that
 * throws neither keeps the next observer from the event nor harms the connection.
 */
class WebSocketObserverIsolationTest {

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(StreamOptions.defaults(), Set.of(Transport.WEBSOCKET),
                LifecycleObservers.Throwing.class, LifecycleObservers.Recording.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aThrowingObserverLeavesTheNextObserverAndTheConnectionUnharmed() throws Exception {
        TestClient client = TestClient.connect(server, "/ws/isolated");
        LifecycleObservers.Recording recording = server.bean(LifecycleObservers.Recording.class);
        StreamOpened opened = recording.await(StreamOpened.class, event -> true, Timeouts.WAIT);
        assertNotNull(opened, "the recording observer saw no StreamOpened");
        assertEquals(Transport.WEBSOCKET, opened.connection().transport());
        assertEquals("isolated", opened.connection().topic());

        server.hub().broadcast("isolated", ServerSentEvent.of("still here"));
        assertEquals("still here", client.next());
        assertTrue(opened.connection().isOpen());

        client.closeNormally();
        StreamClosed closed = recording.await(StreamClosed.class,
                event -> event.connection().id().equals(opened.connection().id()), Timeouts.WAIT);
        assertNotNull(closed, "the recording observer saw no StreamClosed");
        assertEquals(CloseCause.CLIENT_CLOSED, closed.cause());
    }
}
