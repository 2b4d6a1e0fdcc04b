package dev.melody.stream.impl.sse;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.sse.EventStreamParser.Event;
import dev.melody.stream.sse.SseBroadcasters;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API type {@link SseBroadcasters}: injectable by that type alone, and its broadcasters go through the hub. */
class SseBroadcastersTest {

    private TestServer server;
    private final Sse sse = new JerseySse();

    @BeforeEach
    void start() {
        server = TestServer.sse(StreamOptions.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SseBroadcasters broadcasters() {
        return server.bean(SseBroadcasters.class);
    }

    private SseClient connect(String path) throws Exception {
        return SseClient.connect(server, "/melody" + path).awaitOpen();
    }

    @Test
    void aSinkRegisteredThroughTheApiTypeAndALibraryStreamGetTheSameBroadcast() throws Exception {
        try (SseClient own = connect("/app-sinks/news"); SseClient library = connect("/events/news")) {
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
        assertSame(first, server.bean(SseTransport.class).forTopic("shared", sse));
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
