package dev.melody.stream.impl.sse;

import dev.melody.stream.impl.testing.Timeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.BroadcastObserver;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.StreamThreads;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
import dev.melody.stream.sse.SseBroadcasters;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API type {@link SseBroadcasters}: injectable by that type alone, and its broadcasters go through the hub. */
class SseBroadcastersTest {

    private WeldContainer weld;
    private HttpServer grizzly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Sse sse = new JerseySse();

    @BeforeEach
    void start() {
        weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, BroadcastObserver.class, StreamAccess.class, SseTransport.class,
                        StreamThreads.class)
                .initialize();
        grizzly = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://localhost:0/app/melody/"),
                new ResourceConfig(new SseApplication().getClasses()).register(ApiSinkResource.class));
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

    private SseBroadcasters broadcasters() {
        return weld.select(SseBroadcasters.class).get();
    }

    private SseClient connect(String path) throws Exception {
        int port = grizzly.getListener("grizzly").getPort();
        return SseClient.connect(http, URI.create("http://localhost:" + port + "/app/melody" + path), Map.of())
                .awaitOpen();
    }

    @Test
    void aSinkRegisteredThroughTheApiTypeAndALibraryStreamGetTheSameBroadcast() throws Exception {
        try (SseClient own = connect("/api-sinks/news"); SseClient library = connect("/events/news")) {
            SseBroadcaster broadcaster = broadcasters().forTopic("news", sse);
            Object delivered = broadcaster.broadcast(sse.newEventBuilder().name("t").id("a-1").data("via the API")
                    .build()).toCompletableFuture().get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(2, delivered);
            assertEquals(new Event("t", "via the API", "a-1"), own.awaitEvent());
            assertEquals(new Event("t", "via the API", "a-1"), library.awaitEvent());
        }
    }

    @Test
    void everyCallerGetsTheTopicsOneBroadcasterUntilItIsClosed() {
        SseBroadcaster first = broadcasters().forTopic("shared", sse);
        assertSame(first, broadcasters().forTopic("shared", sse));
        assertSame(first, weld.select(SseTransport.class).get().forTopic("shared", sse));
        first.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> first.onClose(sink -> { }));
        assertTrue(closed.getMessage().contains("'shared'"), closed.getMessage());
        assertTrue(closed.getMessage().contains("SseBroadcasters.forTopic(topic, sse)"), closed.getMessage());
        assertNotSame(first, broadcasters().forTopic("shared", sse));
    }

    @Test
    void anInvalidTopicOrAMissingSseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> broadcasters().forTopic("", sse));
        assertThrows(IllegalArgumentException.class, () -> broadcasters().forTopic("x".repeat(257), sse));
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> broadcasters().forTopic("news", null));
        assertEquals("sse", missing.getMessage());
    }

    /** The container's {@link Sse}, as an application gets it with {@code @Context}. */
    private static final class JerseySse implements Sse {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException("use SseBroadcasters.forTopic(topic, sse)");
        }
    }
}
