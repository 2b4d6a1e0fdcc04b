package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.impl.connection.StreamWriter;
import dev.melody.stream.impl.connection.StreamWriter.WriterLimits;
import dev.melody.stream.impl.testing.Timeouts;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@link SseWriter} sends: on the drain's thread without a send thread, and with one (Undertow's I/O thread)
 * the first send there still, every later one on the send thread, with the application's class loader; a send
 * thread that refuses, or a sink that throws there, fails the send and never reaches the container's thread.
 */
class SseWriterSendThreadTest {

    private static final String SEND_THREAD = "send-thread";

    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(task -> new Thread(task, SEND_THREAD));
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final StreamWriter.Owner owner = new StreamWriter.Owner() {
        @Override
        public void writeFailed(Throwable failure) {
            failures.add(failure);
        }

        @Override
        public void overflowed() {
            failures.add(new AssertionError("overflow"));
        }
    };

    @AfterEach
    void stop() {
        sendThread.shutdownNow();
    }

    private static final class RecordingSink implements SseEventSink {
        final BlockingQueue<Thread> senders = new LinkedBlockingQueue<>();
        final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        volatile RuntimeException refusal;

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            loaders.add(Thread.currentThread().getContextClassLoader());   // before the sender, which is awaited
            senders.add(Thread.currentThread());
            if (refusal != null) {
                throw refusal;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }

        Thread nextSender() throws InterruptedException {
            Thread sender = senders.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (sender == null) {
                throw new AssertionError("no send within " + Timeouts.WAIT);
            }
            return sender;
        }
    }

    private SseWriter writer(RecordingSink sink, Executor thread) {
        return new SseWriter(sink, null, Runnable::run, thread, new WriterLimits(1, OverflowPolicy.DROP_OLDEST),
                owner);
    }

    private Throwable nextFailure() throws InterruptedException {
        Throwable failure = failures.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (failure == null) {
            throw new AssertionError("no failure reported within " + Timeouts.WAIT);
        }
        return failure;
    }

    @Test
    void withoutASendThreadEverySendRunsOnTheDrainsThread() throws Exception {
        RecordingSink sink = new RecordingSink();
        SseWriter writer = writer(sink, null);
        writer.send(null);
        writer.send(null);
        assertSame(Thread.currentThread(), sink.nextSender());
        assertSame(Thread.currentThread(), sink.nextSender());
        assertNull(failures.poll());
    }

    @Test
    void onceASendSucceededTheNextOnesRunOnTheSendThreadWithTheApplicationsLoader() throws Exception {
        RecordingSink sink = new RecordingSink();
        ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        SseWriter writer;
        current.setContextClassLoader(application);
        try {
            writer = writer(sink, sendThread);
        } finally {
            current.setContextClassLoader(previous);
        }
        writer.send(null);                                     // commits the response: on the drain's thread
        assertSame(current, sink.nextSender());
        writer.send(null);
        assertEquals(SEND_THREAD, sink.nextSender().getName());
        writer.send(null);
        assertEquals(SEND_THREAD, sink.nextSender().getName());
        assertSame(application, sink.loaders.get(1));
        assertSame(application, sink.loaders.get(2));
        assertNull(failures.poll());
    }

    @Test
    void aSendThreadThatRefusesFailsTheSend() throws Exception {
        RecordingSink sink = new RecordingSink();
        SseWriter writer = writer(sink, task -> {
            throw new RejectedExecutionException("stopping");
        });
        writer.send(null);
        sink.nextSender();
        writer.send(null);
        assertInstanceOf(RejectedExecutionException.class, nextFailure());
    }

    @Test
    void aSinkThatThrowsOnTheSendThreadFailsTheSendAndNothingReachesTheThread() throws Exception {
        RecordingSink sink = new RecordingSink();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        SseWriter writer = writer(sink, task -> sendThread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                escaped.add(e);
            }
        }));
        writer.send(null);
        sink.nextSender();
        sink.refusal = new IllegalStateException("sink closed");
        writer.send(null);
        assertSame(sink.refusal, nextFailure());
        assertEquals(List.of(), escaped);
    }

    @Test
    void noUndertowMeansNoSendThread() {
        assertNull(SseSendThread.ofCurrentRequest());
    }
}
