package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.WebSocketFrames;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.impl.connection.ConnectionWriter;
import dev.melody.stream.impl.connection.ConnectionWriter.WriterLimits;
import dev.melody.stream.impl.connection.Drains;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer over the WebSocket channel against a fake container: one send in flight, iterative drains, direct-send
 * ordering, acknowledged writing.
 */
class WebSocketChannelTest {

    private static final int EVENTS = 20_000;

    private final ExecutorService writerThreads = Executors.newFixedThreadPool(2);
    private final ExecutorService completionThreads = Executors.newFixedThreadPool(2);
    private final DefaultServerSentEventHub hub = new DefaultServerSentEventHub(
            StreamOptions.builder().subscriberBuffer(EVENTS).historySize(0).build(), null);
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @AfterEach
    void stop() {
        hub.shutdown();
        writerThreads.shutdownNow();
        completionThreads.shutdownNow();
    }

    @Test
    void inlineCompletionsAreDrainedIterativelyWithoutGrowingTheStack() throws Exception {
        FakeRemote remote = new FakeRemote(null);
        Writer writer = subscribedWriter(remote, "t");
        int shallow = remote.maxStackDepth.get();
        broadcast("t", EVENTS);
        awaitSent(remote, EVENTS);
        assertTrue(remote.maxStackDepth.get() < shallow + 50 || shallow == 0,
                "stack grew from " + shallow + " to " + remote.maxStackDepth.get());
        assertEquals(1, remote.maxInFlight.get());
        writer.stop();
    }

    @Test
    void neverTwoSendsInFlightWhileManyThreadsBroadcastAndSendDirectly() throws Exception {
        FakeRemote remote = new FakeRemote(completionThreads);
        Writer writer = subscribedWriter(remote, "t");
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            boolean direct = t == 0;
            new Thread(() -> {
                try {
                    for (int i = 0; i < EVENTS / 4; i++) {
                        if (direct) {
                            while (!writer.sendDirect(ServerSentEvent.of("d" + i))) {
                                Thread.onSpinWait();              // the direct queue is full: retry
                            }
                        } else {
                            hub.broadcast("t", ServerSentEvent.of("b" + i));
                        }
                    }
                } catch (Throwable e) {
                    firstFailure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertNull(firstFailure.get());
        awaitSent(remote, EVENTS);
        assertEquals(1, remote.maxInFlight.get());
    }

    @Test
    void directSendIsWrittenAfterTheEventsAlreadyPending() throws Exception {
        FakeRemote remote = new FakeRemote(completionThreads);
        AtomicReference<Writer> writer = new AtomicReference<>();
        Subscription subscription = hub.subscribe("t", signalling(writer));
        writer.set(writer(remote));
        writer.get().attach(subscription);
        broadcast("t", 3);
        assertTrue(writer.get().sendDirect(ServerSentEvent.of("direct")));
        writer.get().start();
        awaitSent(remote, 4);
        assertEquals(List.of("e0", "e1", "e2", "direct"), remote.sent);
    }

    @Test
    void writerPingsHalfwayThroughTheWindowAndWaitsAtItsEndUntilThePongReturns() throws Exception {
        FakeRemote remote = new FakeRemote(completionThreads);      // completes every send, as Payara does
        Writer writer = subscribedWriter(remote, "t", 100);   // ping at 50 characters, wait at 100
        IntStream.range(0, 25).forEach(i -> hub.broadcast("t", ServerSentEvent.of("x".repeat(8) + (10 + i))));
        awaitSent(remote, 10);                                       // 10 characters each
        assertEquals(1, remote.pings.get(), "pinged after 50 characters, and went on writing");
        assertTrue(eventually(() -> writer.isSendOverdue(-1, System.nanoTime())), "waiting for the pong counts as a send in flight");
        writer.channel.pong(ByteBuffer.wrap("m".getBytes(StandardCharsets.US_ASCII)));    // a keep-alive's pong
        assertEquals(10, remote.sent.size(), "a window of 100 characters written, then the writer waits");

        for (int sent = 15; sent <= 25; sent += 5) {                 // each pong acknowledges 50 characters
            writer.channel.pong(remote.pingPayloads.get(remote.pingPayloads.size() - 1).duplicate());
            assertTrue(remote.sentPermits.tryAcquire(5, Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(sent, remote.sent.size());
            assertEquals(sent / 5 - 1, remote.pings.get(), "one ping awaited at a time");
        }
        assertNull(firstFailure.get());
        assertEquals(1, remote.maxInFlight.get());
        writer.stop();
    }

    @Test
    void withoutAnAcknowledgementLimitTheWriterNeverPings() throws Exception {
        FakeRemote remote = new FakeRemote(completionThreads);
        subscribedWriter(remote, "t", 0);
        broadcast("t", 1_000);
        awaitSent(remote, 1_000);
        assertEquals(0, remote.pings.get());
    }

    /** Waits, within the tests' bound, until the condition holds (a send's completion may still be under way). */
    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Timeouts.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();                       // the writer's thread is a few instructions from the state
        }
        return true;
    }

    private Writer subscribedWriter(FakeRemote remote, String topic) {
        return subscribedWriter(remote, topic, 0);
    }

    private Writer subscribedWriter(FakeRemote remote, String topic, long acknowledgeWindow) {
        AtomicReference<Writer> writer = new AtomicReference<>();
        Subscription subscription = hub.subscribe(topic, signalling(writer));
        writer.set(writer(remote, acknowledgeWindow));
        writer.get().attach(subscription);
        writer.get().start();
        return writer.get();
    }

    private static SubscriptionListener signalling(AtomicReference<Writer> writer) {
        return subscription -> {
            Writer current = writer.get();
            if (current != null) {
                current.signal();
            }
        };
    }

    private Writer writer(FakeRemote remote) {
        return writer(remote, 0);
    }

    private Writer writer(FakeRemote remote, long acknowledgeWindow) {
        WebSocketChannel channel = new WebSocketChannel(null, remote, new WebSocketFrameFormat(WebSocketFrames.DATA_TEXT),
                acknowledgeWindow == 0 ? Duration.ZERO : Duration.ofMinutes(1), acknowledgeWindow);
        ConnectionWriter<ServerSentEvent> writer = new ConnectionWriter<>(channel, new Drains(writerThreads, 2, null),
                ignored -> {
                    throw new AssertionError("no I/O thread");
                }, new WriterLimits(EVENTS, OverflowPolicy.DROP_NEWEST), new ConnectionWriter.Listener() {
                    @Override
                    public void writeFailed(Throwable failure) {
                        firstFailure.compareAndSet(null, failure);
                    }

                    @Override
                    public void overflowed() {
                        firstFailure.compareAndSet(null, new AssertionError("direct overflow"));
                    }
                });
        channel.acknowledgeTo(writer::acknowledged);
        return new Writer(channel, writer);
    }

    /** A writer and its channel. */
    private record Writer(WebSocketChannel channel, ConnectionWriter<ServerSentEvent> writer) {
        void attach(Subscription subscription) {
            writer.attach(subscription);
        }

        void start() {
            writer.start();
        }

        void stop() {
            writer.stop();
        }

        void signal() {
            writer.signal();
        }

        boolean sendDirect(ServerSentEvent event) {
            return writer.sendDirect(event);
        }

        boolean isSendOverdue(long timeoutNanos, long nowNanos) {
            return writer.isSendOverdue(timeoutNanos, nowNanos);
        }
    }

    private void broadcast(String topic, int count) {
        IntStream.range(0, count).forEach(i -> hub.broadcast(topic, ServerSentEvent.of("e" + i)));
    }

    private void awaitSent(FakeRemote remote, int count) throws Exception {
        boolean all = remote.sentPermits.tryAcquire(count, Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(firstFailure.get());
        assertTrue(all, "sent " + remote.sent.size() + " of " + count + " within " + Timeouts.WAIT);
        assertEquals(count, remote.sent.size());
    }
}
