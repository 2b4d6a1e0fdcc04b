package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Set;
import dev.melody.stream.impl.testing.Timeouts;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.connection.LifecycleObservers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real SSE stream (Jersey on Grizzly), an application's {@code StreamOpened}/{@code StreamClosed} observer that
 * throws neither keeps the next observer from the event nor harms the stream.
 */
class SseObserverIsolationTest {

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(StreamOptions.defaults(), Set.of(Transport.SSE),
                LifecycleObservers.Throwing.class, LifecycleObservers.Recording.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aThrowingObserverLeavesTheNextObserverAndTheStreamUnharmed() throws Exception {
        try (SseClient client = SseClient.connect(server, "/melody/events/isolated").awaitOpen()) {
            LifecycleObservers.Recording recording = server.bean(LifecycleObservers.Recording.class);
            StreamOpened opened = recording.await(StreamOpened.class, event -> true, Timeouts.WAIT);
            assertNotNull(opened, "the recording observer saw no StreamOpened");
            assertEquals(Transport.SSE, opened.connection().transport());
            assertEquals("isolated", opened.connection().topic());

            server.hub().broadcast("isolated", ServerSentEvent.of("still here"));
            assertEquals("still here", client.awaitEvent().data());

            opened.connection().close(1000, "done");
            StreamClosed closed = recording.await(StreamClosed.class,
                    event -> event.connection().id().equals(opened.connection().id()), Timeouts.WAIT);
            assertNotNull(closed, "the recording observer saw no StreamClosed");
            assertEquals(CloseCause.SERVER_CLOSED, closed.cause());
            client.awaitEnd();
        }
    }
}
