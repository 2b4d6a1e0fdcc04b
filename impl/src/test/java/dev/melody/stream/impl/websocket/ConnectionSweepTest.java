package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.connection.StreamThreads;
import dev.melody.stream.impl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer holds one sweep per transport, whatever the number of connections: no timer task per connection. (What
 * the sweep does, write timeouts and pings, is covered by {@code WebSocketLifecycleTest} and {@code SseLifecycleTest}.)
 */
class ConnectionSweepTest {

    private static final int CONNECTIONS = 20;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void oneSweepTaskServesManyConnections() throws Exception {
        server = TestServer.webSocket(StreamOptions.defaults());
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(TestClient.connect(server, "/ws/swept"));
            assertNotNull(server.events().awaitOpened());
        }
        ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) server.bean(StreamThreads.class).timer();
        assertEquals(1, timer.getQueue().size(), "one sweep for " + CONNECTIONS + " WebSocket connections");

        server.hub().broadcast("swept", ServerSentEvent.of("all"));
        for (TestClient client : clients) {
            assertEquals("all", client.next());
        }
        assertEquals(1, timer.getQueue().size());
    }
}
