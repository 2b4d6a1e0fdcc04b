package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one writer with a recording channel: what goes first, keep-alives, a failed send, a refusing executor, the
 * writer's state. Serialization under load and inline completions are covered through the WebSocket channel in
 * {@code WebSocketChannelTest}.
 */
class ConnectionWriterTest {

    private static final String KEEP_ALIVE = "keep-alive";

    private final ExecutorService writerThread = Executors.newSingleThreadExecutor();
    private final DefaultServerSentEventHub hub = new DefaultServerSentEventHub(
            StreamOptions.builder().historySize(0).build(), null);
    private final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    private final ConnectionWriter.Listener owner = new ConnectionWriter.Listener() {
        @Override
        public void writeFailed(Throwable failure) {
            writeFailure.compareAndSet(null, failure);
        }

        @Override
        public void overflowed() {
            writeFailure.compareAndSet(null, new AssertionError("direct overflow"));
        }
    };

    @AfterEach
    void stop() {
        hub.shutdown();
        writerThread.shutdownNow();
    }

    @Test
    void messagesWrittenFirstPrecedeEventsAlreadyPending() throws Exception {
        RecordingWriter recording = new RecordingWriter(writerThread::execute, UnaryOperator.identity());
        ConnectionWriter<String> writer = recording.writer;
        attach(writer, "t");
        hub.broadcast("t", ServerSentEvent.of("e1"));
        writer.writeFirst("open");
        assertEquals(ConnectionWriter.State.NEW, writer.state());
        writer.start();
        recording.awaitSent(2);
        assertEquals(List.of("open", "e1"), recording.sent);
    }

    @Test
    void requestedKeepAliveIsWrittenWhenNothingElseWaits() throws Exception {
        RecordingWriter recording = new RecordingWriter(writerThread::execute,
                next -> next != null ? next : KEEP_ALIVE);
        ConnectionWriter<String> writer = recording.writer;
        attach(writer, "t");
        writer.start();
        writer.requestKeepAlive();
        recording.awaitSent(1);
        hub.broadcast("t", ServerSentEvent.of("e1"));
        recording.awaitSent(1);
        assertEquals(List.of(KEEP_ALIVE, "e1"), recording.sent);   // asked once, written once
    }

    @Test
    void failedSendIsReportedToTheOwner() throws Exception {
        RecordingWriter recording = new RecordingWriter(writerThread::execute, UnaryOperator.identity());
        ConnectionWriter<String> writer = recording.writer;
        recording.channel.failure = new IllegalStateException("client gone");
        attach(writer, "t");
        writer.start();
        hub.broadcast("t", ServerSentEvent.of("e1"));
        recording.awaitSent(1);
        assertInstanceOf(IllegalStateException.class, writeFailure.get());
    }

    @Test
    void eventsWaitingTogetherGoOutCombinedUpToTheChannelsBatchLimit() throws Exception {
        RecordingWriter recording = new RecordingWriter(writerThread::execute, UnaryOperator.identity(), 3);
        ConnectionWriter<String> writer = recording.writer;
        attach(writer, "t");
        for (int i = 1; i <= 5; i++) {
            hub.broadcast("t", ServerSentEvent.of("e" + i));
        }
        writer.writeFirst("open");
        writer.start();
        recording.awaitSent(2);
        assertEquals(List.of("open+e1+e2", "e3+e4+e5"), recording.sent);
    }

    @Test
    void refusingExecutorIsReportedAsAWriteFailure() {
        AtomicInteger submitted = new AtomicInteger();
        RecordingWriter recording = new RecordingWriter(task -> {
            submitted.incrementAndGet();
            throw new RejectedExecutionException("stopping");
        }, UnaryOperator.identity());
        ConnectionWriter<String> writer = recording.writer;
        attach(writer, "t");
        writer.start();
        assertEquals(1, submitted.get());
        assertInstanceOf(RejectedExecutionException.class, writeFailure.get());
    }

    @Test
    void stoppedWriterSubmitsNothingAndRefusesDirectSends() {
        AtomicInteger submitted = new AtomicInteger();
        RecordingWriter recording = new RecordingWriter(task -> submitted.incrementAndGet(), UnaryOperator.identity());
        ConnectionWriter<String> writer = recording.writer;
        attach(writer, "t");
        writer.stop();
        writer.start();
        hub.broadcast("t", ServerSentEvent.of("e1"));
        assertFalse(writer.sendDirect(ServerSentEvent.of("d1")));
        assertEquals(0, submitted.get());
        assertNull(writeFailure.get());
        assertEquals(ConnectionWriter.State.STOPPED, writer.state());
    }

    private void attach(ConnectionWriter<String> writer, String topic) {
        Subscription subscription = hub.subscribe(topic, ignored -> writer.signal());
        writer.attach(subscription);
    }

    /** A channel that records each message and completes its send inline, failed with {@code failure} if set. */
    private final class Recorder extends RecordingChannel {

        final List<String> sent = new CopyOnWriteArrayList<>();
        private final Semaphore sentPermits = new Semaphore(0);
        private final UnaryOperator<String> keepAlive;
        volatile Throwable failure;

        private final int batchLimit;

        Recorder(UnaryOperator<String> keepAlive, int batchLimit) {
            this.keepAlive = keepAlive;
            this.batchLimit = batchLimit;
        }

        @Override
        public int batchLimit() {
            return batchLimit;
        }

        @Override
        public String keepAlive(String next) {
            return keepAlive.apply(next);
        }

        @Override
        public void send(String message, Completion done) {
            sent.add(message);
            done.completed(failure);                         // inline, as Undertow and Jersey may
            sentPermits.release();
        }

        void awaitSent(int count) throws InterruptedException {
            assertTrue(sentPermits.tryAcquire(count, Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "sent " + sent + " within " + Timeouts.WAIT);
        }
    }

    /** A writer over a recorder, whose drains run on {@code executor}. */
    private final class RecordingWriter {
        final Recorder channel;
        final ConnectionWriter<String> writer;
        final List<String> sent;

        RecordingWriter(Executor executor, UnaryOperator<String> keepAlive) {
            this(executor, keepAlive, 1);
        }

        RecordingWriter(Executor executor, UnaryOperator<String> keepAlive, int batchLimit) {
            channel = new Recorder(keepAlive, batchLimit);
            sent = channel.sent;
            writer = new ConnectionWriter<>(channel, new Drains(executor, 1, null), ignored -> {
                throw new AssertionError("no I/O thread");
            }, new ConnectionWriter.WriterLimits(16, OverflowPolicy.DROP_NEWEST), owner);
        }

        void awaitSent(int count) throws InterruptedException {
            channel.awaitSent(count);
        }
    }
}
