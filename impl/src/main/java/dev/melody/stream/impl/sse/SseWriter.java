package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.impl.connection.StreamWriter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The single writer of one SSE stream: a {@link StreamWriter} that sends each event through
 * {@link SseEventSink#send}, and its keep-alive as a heartbeat comment.
 *
 * <p><b>Role.</b> Adds to {@link StreamWriter} only the SSE calls: events built with the container's {@link Sse}
 * ({@link SseEventFormat}), sent with {@code SseEventSink.send}, whose stage may complete inline (Jersey) or on a
 * container thread; and a heartbeat comment, written only when nothing else is waiting, since any write proves the
 * client is still there. How sends are serialized, ordered and kept off the broadcaster's thread is
 * {@link StreamWriter}'s.
 *
 * <p><b>Send thread.</b> Where the container has a thread on which a failed write is quiet ({@link SseSendThread}:
 * Undertow's I/O thread), every send after the first successful one is handed to it, so that a client that went
 * away is found there. The first send, which commits the response (status, headers, the application's response
 * filters), stays on the drain's thread, with the application's context. A send handed over is still the only one
 * in flight; if that thread refuses it, or {@code send} throws there, the send fails as any other.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link StreamWriter}: created by its {@link SseConnection}, which
 * attaches, starts and stops it; the overridden methods run on the writer's drain only.
 */
final class SseWriter extends StreamWriter<OutboundSseEvent> {

    private final SseEventSink sink;
    private final Sse sse;
    private final Executor sendThread;                  // null: send on the drain's thread
    private final ClassLoader loader;                   // the application's, for sends on the send thread
    private final BiConsumer<Object, Throwable> onSent = this::completed;
    private volatile boolean committed;                 // a send has succeeded: the response is committed

    SseWriter(SseEventSink sink, Sse sse, Executor executor, WriterLimits limits, Owner owner) {
        this(sink, sse, executor, null, limits, owner);
    }

    /**
     * Creates a writer whose sends, after the first, run on a container thread.
     *
     * @param sink the client's sink
     * @param sse the container's {@link Sse}, to build the events with
     * @param executor the writers pool the drain runs on
     * @param sendThread the thread to send on once the response is committed, or {@code null} for the drain's
     * @param limits the bounds of the direct-send queue
     * @param owner the connection told about failures and overflow
     */
    SseWriter(SseEventSink sink, Sse sse, Executor executor, Executor sendThread, WriterLimits limits, Owner owner) {
        super(executor, limits, owner);
        this.sink = sink;
        this.sse = sse;
        this.sendThread = sendThread;
        this.loader = Thread.currentThread().getContextClassLoader();
    }

    /**
     * Queues what the client gets first: the opening comment (which also sends the headers at once), then the
     * resync marker if asked; before start.
     *
     * @param resync {@code true} when the client's last event id was not retained
     */
    void writePrelude(boolean resync) {
        writeFirst(SseEventFormat.comment(sse, SseEventFormat.COMMENT_OPEN));
        if (resync) {
            writeFirst(SseEventFormat.outbound(sse, StreamMarkers.resync()));
        }
    }

    @Override
    protected OutboundSseEvent encode(ServerSentEvent event) {
        return SseEventFormat.outbound(sse, event);
    }

    /** Writes a heartbeat comment only when nothing else is waiting. */
    @Override
    protected OutboundSseEvent keepAlive(OutboundSseEvent next) {
        return next != null ? next : SseEventFormat.comment(sse, SseEventFormat.COMMENT_HEARTBEAT);
    }

    @Override
    protected void send(OutboundSseEvent event) {
        Executor thread = committed ? sendThread : null;
        if (thread == null) {
            sink.send(event).whenComplete(onSent);
            return;
        }
        try {
            thread.execute(() -> sendOnSendThread(event));
        } catch (RuntimeException rejected) {                  // the container is stopping
            sent(rejected);
        }
    }

    private void sendOnSendThread(OutboundSseEvent event) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            sink.send(event).whenComplete(onSent);
        } catch (RuntimeException e) {                         // a closed sink throws; never into the container
            sent(e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private void completed(Object ignored, Throwable failure) {
        if (failure == null && !committed) {
            committed = true;
        }
        sent(failure);
    }
}
