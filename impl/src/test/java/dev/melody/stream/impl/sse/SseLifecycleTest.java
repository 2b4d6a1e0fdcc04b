package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.sse.SseBroadcasters;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Heartbeats find closed clients, a stalled client delays no one, and undeploy completes every stream. */
class SseLifecycleTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final String KILOBYTE = "x".repeat(1024);

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Timeouts.WAIT.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + Timeouts.WAIT);
            never.await(10, TimeUnit.MILLISECONDS);          // a bounded poll, not a sleep-and-hope
        }
    }

    @Test
    void heartbeatCommentsAreSent() throws Exception {
        server = TestServer.sse(StreamOptions.builder().sseHeartbeat(HEARTBEAT).build());
        SseClient client = SseClient.connect(server, "/melody/events/beat").awaitOpen();
        client.awaitComment(SseEventFormat.COMMENT_HEARTBEAT);
        client.awaitComment(SseEventFormat.COMMENT_HEARTBEAT);
        assertTrue(client.raw().contains(": heartbeat\n\n"), client.raw());
    }

    @Test
    void clientThatDisconnectsIsUnsubscribedWithinOneHeartbeat() throws Exception {
        server = TestServer.sse(StreamOptions.builder().sseHeartbeat(HEARTBEAT).build());
        RawSseSocket socket = RawSseSocket.open(server, "/melody/events/gone").readUntil(SseEventFormat.COMMENT_OPEN);
        assertEquals(Transport.SSE, server.events().awaitOpened().connection().transport());
        assertEquals(1, server.hub().subscriberCount("gone"));
        socket.close();
        awaitCondition("unsubscribed", () -> server.hub().subscriberCount("gone") == 0);
        StreamClosed closed = server.events().awaitClosed();
        assertEquals(CloseCause.CLIENT_CLOSED, closed.cause());
        assertEquals(0, server.bean(SseTransport.class).openConnections());
    }

    @Test
    void stalledClientDoesNotDelayOthers() throws Exception {
        int buffer = 256;
        server = TestServer.sse(StreamOptions.builder().subscriberBuffer(buffer).writeTimeout(Duration.ofMinutes(5))
                .build());
        RawSseSocket.open(server, "/melody/events/load")
                .readUntil(SseEventFormat.COMMENT_OPEN);                    // then never reads again
        SseClient healthy = SseClient.connect(server, "/melody/events/load").awaitOpen();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int events = 10_000;
        for (int sent = 0; sent < events; sent += buffer / 2) {
            for (int i = 0; i < buffer / 2; i++) {
                server.hub().broadcast("load", ServerSentEvent.of(KILOBYTE));
            }
            for (int i = 0; i < buffer / 2; i++) {              // the healthy client keeps up, batch by batch
                if (!healthy.awaitEvent().data().equals(KILOBYTE)) {
                    failure.compareAndSet(null, new AssertionError("wrong data at " + (sent + i)));
                }
            }
        }
        assertNull(failure.get());
        assertEquals(2, server.hub().subscriberCount("load"), "the stalled client is still subscribed");
    }

    @Test
    void writeTimeoutClosesAStalledClientOnceTheServerStopsBuffering() throws Exception {
        server = TestServer.sse(StreamOptions.builder().writeTimeout(Duration.ofMillis(500))
                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build());
        RawSseSocket.open(server, "/melody/events/stall").readUntil(SseEventFormat.COMMENT_OPEN);
        server.events().awaitOpened();
        long deadline = System.nanoTime() + Timeouts.WAIT.toNanos();
        CountDownLatch pace = new CountDownLatch(1);
        while (server.hub().subscriberCount("stall") > 0 && System.nanoTime() < deadline) {
            server.hub().broadcast("stall", ServerSentEvent.of(KILOBYTE));   // until the server's buffer is full
            pace.await(10, TimeUnit.MICROSECONDS);
        }
        StreamClosed closed = server.events().awaitClosed();
        assertEquals(CloseCause.WRITE_TIMEOUT, closed.cause());
        assertEquals(0, server.hub().subscriberCount("stall"));
    }

    @Test
    void overflowUnderDisconnectCompletesTheStream() throws Exception {
        server = TestServer.sse(StreamOptions.builder().overflowPolicy(OverflowPolicy.DISCONNECT)
                .historySize(4).build());
        RawSseSocket.open(server, "/melody/events/slow").readUntil(SseEventFormat.COMMENT_OPEN);
        server.events().awaitOpened();
        for (int i = 0; i < 10_000 && server.hub().subscriberCount("slow") > 0; i++) {
            server.hub().broadcast("slow", ServerSentEvent.of(KILOBYTE));
        }
        assertEquals(CloseCause.OVERFLOW, server.events().awaitClosed().cause());
        assertEquals(0, server.hub().subscriberCount("slow"));
    }

    @Test
    void closingTheConnectionCompletesTheStream() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        SseClient client = SseClient.connect(server, "/melody/events/bye").awaitOpen();
        server.events().awaitOpened().connection().close(1000, "done");
        client.awaitEnd();
        assertEquals(CloseCause.SERVER_CLOSED, server.events().awaitClosed().cause());
        assertEquals(0, server.hub().subscriberCount("bye"));
    }

    @Test
    void broadcasterCloseCompletesItsSinks() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        SseClient client = SseClient.connect(server, "/melody/events/topic").awaitOpen();
        server.bean(SseBroadcasters.class).forTopic("topic", new SseDeliveryTest.TestSse()).close();
        client.awaitEnd();
        assertEquals(0, server.hub().subscriberCount("topic"));
    }

    @Test
    void undeployCompletesEveryStream() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        SseClient first = SseClient.connect(server, "/melody/events/a").awaitOpen();
        SseClient second = SseClient.connect(server, "/melody/events/b").awaitOpen();
        server.stopApplication();
        first.awaitEnd();
        second.awaitEnd();
    }
}
