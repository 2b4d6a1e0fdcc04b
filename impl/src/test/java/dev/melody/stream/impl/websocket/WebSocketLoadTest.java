package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.connection.CloseDetails;
import dev.melody.stream.CloseCause;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Many broadcasters, many clients, and clients that stop reading: every healthy client gets everything. */
class WebSocketLoadTest {

    private static final String KILOBYTE = "x".repeat(1024);

    @Test
    void fiftyThreadsBroadcastingToHundredClientsReachEveryClientWithEveryMessage() throws Exception {
        int threads = 50;
        int perThread = 20;
        StreamOptions options = StreamOptions.builder().subscriberBuffer(threads * perThread).build();
        try (TestServer server = TestServer.webSocket(options)) {
            List<TestClient> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                clients.add(TestClient.connect(server, "/ws/fan"));
            }
            for (int i = 0; i < 100; i++) {
                server.events().awaitOpened();
            }
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            server.hub().broadcast("fan", ServerSentEvent.of(thread + ":" + i));
                        }
                    } catch (Throwable e) {
                        firstFailure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            start.countDown();
            assertTrue(done.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertNull(firstFailure.get());
            for (TestClient client : clients) {
                assertEveryMessageInPerThreadOrder(client, threads, perThread);
            }
            assertTrue(server.events().noLifecycleEventWaiting(), "no connection was closed by a failed send");
            assertEquals(0, server.hub().statistics().dropped());
        }
    }

    private static void assertEveryMessageInPerThreadOrder(TestClient client, int threads, int perThread)
            throws InterruptedException {
        int[] nextOfThread = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            String[] parts = client.next().split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(nextOfThread[thread]++, Integer.parseInt(parts[1]), "order of thread " + thread);
        }
    }

    @Test
    void clientThatStopsReadingDoesNotSlowTheOthers() throws Exception {
        // The stalled client answers no ping: a ping interval longer than the test keeps it from the idle close
        StreamOptions options = StreamOptions.builder().historySize(256).writeTimeout(java.time.Duration
                .ofMinutes(5)).idleTimeout(java.time.Duration.ofMinutes(10)).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient.connect(server, "/ws/load", false, Map.of());
            List<TestClient> readers = List.of(TestClient.connect(server, "/ws/load"),
                    TestClient.connect(server, "/ws/load"),
                    TestClient.connect(server, "/ws/load"));
            for (int i = 0; i < 4; i++) {
                server.events().awaitOpened();
            }
            for (int batch = 0; batch < 100; batch++) {       // 10,000 x 1 KB, far past any socket buffer
                for (int i = 0; i < 100; i++) {
                    assertTrue(server.hub().broadcast("load", ServerSentEvent.of(batch * 100 + i + KILOBYTE)) >= 3);
                }
                for (TestClient reader : readers) {           // readers keep up with the full rate
                    for (int i = 0; i < 100; i++) {
                        assertEquals(batch * 100 + i + KILOBYTE, reader.next());
                    }
                }
            }
            long logBound = 256 * (KILOBYTE.length() + 200L);
            assertTrue(server.hub().statistics().retainedBytes() < logBound,
                    "the stalled client holds nothing but its place in the log: " + server.hub().statistics());
            assertEquals(4, server.hub().subscriberCount("load"));
        }
    }

    @Test
    void disconnectPolicyClosesAStalledClientWith1008TooSlow() throws Exception {
        // No pings: Tyrus ends the TCP connection as soon as its close frame is out, so a stalled client that later
        // reads a ping sent before the close answers it into a closed socket and gets a reset, not the close frame
        StreamOptions options = StreamOptions.builder().overflowPolicy(OverflowPolicy.DISCONNECT).historySize(16)
                .idleTimeout(java.time.Duration.ZERO).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient stalled = TestClient.connect(server, "/ws/slow", false, Map.of());
            TestClient reader = TestClient.connect(server, "/ws/slow");
            server.events().awaitOpened();
            server.events().awaitOpened();
            for (int i = 0; i < 10_000 && server.events().noLifecycleEventWaiting(); i++) {
                server.hub().broadcast("slow", ServerSentEvent.of(i + KILOBYTE));
                assertEquals(i + KILOBYTE, reader.next());
            }
            assertEquals(CloseCause.OVERFLOW, server.events().awaitClosed().cause());
            assertEquals(1, server.hub().subscriberCount("slow"));
            stalled.resume();
            assertEquals(new TestClient.Close(1008, CloseDetails.TOO_SLOW), stalled.awaitClose());
        }
    }

    @Test
    void writeTimeoutClosesAClientThatStopsReading() throws Exception {
        StreamOptions options = StreamOptions.builder().subscriberBuffer(10_000)
                .writeTimeout(java.time.Duration.ofMillis(300)).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient.connect(server, "/ws/wt", false, Map.of());
            TestClient reader = TestClient.connect(server, "/ws/wt");
            server.events().awaitOpened();
            server.events().awaitOpened();
            for (int i = 0; i < 10_000 && server.events().noLifecycleEventWaiting(); i++) {
                server.hub().broadcast("wt", ServerSentEvent.of(i + KILOBYTE));
                assertEquals(i + KILOBYTE, reader.next());
            }
            assertEquals(CloseCause.WRITE_TIMEOUT, server.events().awaitClosed().cause());
            assertEquals(1, server.hub().subscriberCount("wt"));
        }
    }

    @Test
    void clientThatReadsButNeverAnswersTheWritersPingIsClosedAfterAboutAMegabyte() throws Exception {
        StreamOptions options = StreamOptions.builder().subscriberBuffer(10_000)
                .writeTimeout(java.time.Duration.ofMillis(500)).idleTimeout(java.time.Duration.ofMinutes(5)).build();
        try (TestServer server = TestServer.webSocket(options);
             RawWebSocket silent = RawWebSocket.connect(server, "/ws/ack", null)) {
            TestClient reader = TestClient.connect(server, "/ws/ack");
            server.events().awaitOpened();
            server.events().awaitOpened();
            int events = 3 * (int) (WebSocketChannel.ACKNOWLEDGE_WINDOW_BYTES / KILOBYTE.length());
            for (int i = 0; i < events; i++) {                // 3 MB: the reader acknowledges, and gets it all
                server.hub().broadcast("ack", ServerSentEvent.of(i + KILOBYTE));
                assertEquals(i + KILOBYTE, reader.next());
            }
            assertEquals(1008, silent.awaitCloseCode(), "no pong, no more frames: closed by writeTimeout");
            assertEquals(CloseCause.WRITE_TIMEOUT, server.events().awaitClosed().cause());
            assertEquals(1, server.hub().subscriberCount("ack"));
        }
    }
}
