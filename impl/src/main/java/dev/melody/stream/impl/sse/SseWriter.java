package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.impl.stream.StreamWriter;
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
 * <p><b>Thread-safety and lifecycle.</b> As {@link StreamWriter}: created by its {@link SseConnection}, which
 * attaches, starts and stops it; the overridden methods run on the writer's drain only.
 */
final class SseWriter extends StreamWriter<OutboundSseEvent> {

    private final SseEventSink sink;
    private final Sse sse;
    private final BiConsumer<Object, Throwable> onSent = (ignored, failure) -> sent(failure);

    SseWriter(SseEventSink sink, Sse sse, Executor executor, WriterLimits limits, Owner owner) {
        super(executor, limits, owner);
        this.sink = sink;
        this.sse = sse;
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
        sink.send(event).whenComplete(onSent);
    }
}
