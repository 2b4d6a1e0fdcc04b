package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.BroadcastObserver;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.LifecycleObservers;
import dev.melody.stream.impl.connection.StreamThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real SSE stream (Jersey on Grizzly), an application's {@code StreamOpened}/{@code StreamClosed} observer that
 * throws neither keeps the next observer from the event nor harms the stream.
 */
class SseObserverIsolationTest {

    private WeldContainer weld;
    private HttpServer grizzly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, BroadcastObserver.class, StreamAccess.class, SseTransport.class,
                        StreamThreads.class, LifecycleObservers.Throwing.class, LifecycleObservers.Recording.class)
                .initialize();
        grizzly = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://localhost:0/app/melody/"),
                new ResourceConfig(new SseApplication().getClasses()));
    }

    @AfterEach
    void stop() {
        if (grizzly != null) {
            grizzly.shutdownNow();
        }
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }

    @Test
    void aThrowingObserverLeavesTheNextObserverAndTheStreamUnharmed() throws Exception {
        int port = grizzly.getListener("grizzly").getPort();
        try (SseClient client = SseClient.connect(http,
                URI.create("http://localhost:" + port + "/app/melody/events/isolated"), Map.of()).awaitOpen()) {
            LifecycleObservers.Recording recording = weld.select(LifecycleObservers.Recording.class).get();
            StreamOpened opened = recording.await(StreamOpened.class, event -> true, Timeouts.WAIT);
            assertNotNull(opened, "the recording observer saw no StreamOpened");
            assertEquals(Transport.SSE, opened.connection().transport());
            assertEquals("isolated", opened.connection().topic());

            weld.select(ServerSentEventHub.class).get().broadcast("isolated", ServerSentEvent.of("still here"));
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
