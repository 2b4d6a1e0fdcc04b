package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer whose transport lets the drain continue on the completing thread (as on Undertow's I/O thread): every
 * event is still written once, in order, one send at a time, and never on the broadcasting thread.
 */
class ConnectionWriterCompletionThreadTest {

    private static final int EVENTS = 200;
    private static final String IO_THREAD = "fake-io";
    private static final String WRITER_THREAD = "fake-writer";

    private final ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, WRITER_THREAD));
    private final ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> new Thread(r, IO_THREAD));
    private final DefaultServerSentEventHub hub = new DefaultServerSentEventHub(
            StreamOptions.builder().historySize(0).subscriberBuffer(EVENTS).build(), null);
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @AfterEach
    void stop() {
        hub.shutdown();
        writerThread.shutdownNow();
        ioThread.shutdownNow();
    }

    @Test
    void drainContinuedOnCompletionThreadWritesEveryEventOnceInOrderOneAtATime() throws Exception {
        IoCompletingChannel channel = new IoCompletingChannel();
        ConnectionWriter<String> writer = new ConnectionWriter<>(channel, new Drains(writerThread, 1, null),
                ignored -> {
                    throw new AssertionError("no I/O thread");
                }, new ConnectionWriter.WriterLimits(EVENTS, OverflowPolicy.DROP_NEWEST),
                new ConnectionWriter.Listener() {
                    @Override
                    public void writeFailed(Throwable failure) {
                        firstFailure.compareAndSet(null, failure);
                    }

                    @Override
                    public void overflowed() {
                        firstFailure.compareAndSet(null, new AssertionError("direct overflow"));
                    }
                });
        writer.attach(hub.subscribe("t", subscription -> writer.signal()));
        writer.start();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            expected.add("e" + i);
            hub.broadcast("t", ServerSentEvent.of("e" + i));
        }
        assertTrue(channel.completed.tryAcquire(EVENTS, Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "sent " + channel.sent.size() + " of " + EVENTS + " within " + Timeouts.WAIT);
        assertNull(firstFailure.get());
        assertEquals(expected, channel.sent);
        assertTrue(Set.of(IO_THREAD, WRITER_THREAD).containsAll(channel.sendingThreads),
                "sent only on the writer and I/O threads: " + channel.sendingThreads);
        assertTrue(channel.sendingThreads.contains(IO_THREAD), "continued on the completing thread");
    }

    /** Completes every send later, on a separate "I/O" thread; checks that sends never overlap. */
    private final class IoCompletingChannel extends RecordingChannel {

        final List<String> sent = new CopyOnWriteArrayList<>();
        final Set<String> sendingThreads = ConcurrentHashMap.newKeySet();
        final Semaphore completed = new Semaphore(0);
        private final AtomicInteger inFlight = new AtomicInteger();

        @Override
        public boolean continuesOnCompletionThread() {
            return true;
        }

        @Override
        public void send(String message, Completion done) {
            if (inFlight.incrementAndGet() != 1) {
                firstFailure.compareAndSet(null, new AssertionError("two sends in flight at " + message));
            }
            sendingThreads.add(Thread.currentThread().getName());
            sent.add(message);
            ioThread.execute(() -> {
                inFlight.decrementAndGet();
                completed.release();
                done.completed(null);
            });
        }
    }
}
