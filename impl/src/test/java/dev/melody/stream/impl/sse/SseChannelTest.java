package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.impl.connection.ConnectionWriter;
import dev.melody.stream.impl.connection.Drains;
import dev.melody.stream.impl.connection.TransportChannel;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import dev.melody.stream.impl.connection.ConnectionWriter.WriterLimits;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import org.glassfish.jersey.media.sse.OutboundEvent;
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
 * Where {@link SseChannel} drains and sends: on the writers pool until a send succeeded (that send commits the
 * response), then on the send thread (Undertow's I/O thread) where there is one, always with the application's
 * class loader; a send thread that refuses, or a sink that throws there, fails the write and nothing reaches the
 * container's thread.
 */
class SseChannelTest {

    private static final String SEND_THREAD = "send-thread";

    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(task -> new Thread(task, SEND_THREAD));
    private final DefaultServerSentEventHub hub = new DefaultServerSentEventHub(
            StreamOptions.builder().historySize(0).build(), null);
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final ConnectionWriter.Listener owner = new ConnectionWriter.Listener() {
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
        hub.shutdown();
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

    /** Jersey's event builder; no broadcaster. */
    private static final Sse SSE = new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException();
        }
    };

    private static SseChannel channel(RecordingSink sink, Executor thread) {
        return new SseChannel(sink, SSE, null, null, Duration.ofSeconds(15), thread);
    }

    /** A writer over the channel, draining on the calling thread until the channel names its send thread. */
    private ConnectionWriter<OutboundSseEvent> writer(SseChannel channel) {
        ConnectionWriter<OutboundSseEvent> writer = new ConnectionWriter<>(channel, new Drains(Runnable::run, 1, null),
                thread -> new Drains(thread, 1, null), new WriterLimits(4, OverflowPolicy.DROP_OLDEST), owner);
        writer.attach(hub.subscribe("t", subscription -> writer.signal()));
        writer.start();
        return writer;
    }

    private Throwable nextFailure() throws InterruptedException {
        Throwable failure = failures.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (failure == null) {
            throw new AssertionError("no failure reported within " + Timeouts.WAIT);
        }
        return failure;
    }

    private static final TransportChannel.Completion IGNORED = failure -> { };

    @Test
    void withoutASendThreadDrainsStayOnThePool() throws Exception {
        RecordingSink sink = new RecordingSink();
        SseChannel channel = channel(sink, null);
        channel.send(null, IGNORED);
        assertSame(Thread.currentThread(), sink.nextSender());
        assertNull(channel.drainExecutor());
        assertFalse(channel.continuesOnCompletionThread());
    }

    @Test
    void onceASendSucceededDrainsStartOnTheSendThreadAndSendWithTheApplicationsLoader() throws Exception {
        RecordingSink sink = new RecordingSink();
        ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        SseChannel channel;
        current.setContextClassLoader(application);
        try {
            channel = channel(sink, sendThread);
        } finally {
            current.setContextClassLoader(previous);
        }
        assertNull(channel.drainExecutor(), "the first send commits the response: on the pool");
        ConnectionWriter<OutboundSseEvent> writer = writer(channel);
        assertTrue(writer.sendDirect(ServerSentEvent.of("e1")));   // commits: sent here, on this thread
        assertSame(current, sink.nextSender());
        assertSame(sendThread, channel.drainExecutor());
        assertTrue(channel.continuesOnCompletionThread());
        assertTrue(writer.sendDirect(ServerSentEvent.of("e2")));
        assertEquals(SEND_THREAD, sink.nextSender().getName());
        assertSame(application, sink.loaders.get(0));
        assertSame(application, sink.loaders.get(1));
        assertSame(previous, current.getContextClassLoader());
        assertNull(failures.poll());
    }

    @Test
    void aSendThreadThatRefusesFailsTheWrite() throws Exception {
        RecordingSink sink = new RecordingSink();
        ConnectionWriter<OutboundSseEvent> writer = writer(channel(sink, task -> {
            throw new RejectedExecutionException("stopping");
        }));
        assertTrue(writer.sendDirect(ServerSentEvent.of("e1")));
        sink.nextSender();
        writer.sendDirect(ServerSentEvent.of("e2"));
        assertInstanceOf(RejectedExecutionException.class, nextFailure());
    }

    @Test
    void aSinkThatThrowsOnTheSendThreadFailsTheWriteAndNothingReachesTheThread() throws Exception {
        RecordingSink sink = new RecordingSink();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        ConnectionWriter<OutboundSseEvent> writer = writer(channel(sink, task -> sendThread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                escaped.add(e);
            }
        })));
        assertTrue(writer.sendDirect(ServerSentEvent.of("e1")));
        sink.nextSender();
        sink.refusal = new IllegalStateException("sink closed");
        writer.sendDirect(ServerSentEvent.of("e2"));
        assertSame(sink.refusal, nextFailure());
        assertEquals(List.of(), escaped);
    }

    @Test
    void noUndertowMeansNoSendThread() {
        assertNull(SseSendThread.ofCurrentRequest());
    }
}
