package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.impl.stream.StreamWriter;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * The single writer of one WebSocket connection: a {@link StreamWriter} that sends each event as one frame through
 * {@link RemoteEndpoint.Async}, and its keep-alive as a ping.
 *
 * <p><b>Role.</b> Adds to {@link StreamWriter} only the WebSocket calls: a text or binary frame per event
 * ({@link WebSocketFrameFormat}), completed by a {@link SendHandler} that may run inline (Undertow) or on a container
 * thread; and a ping, sent on the writer's thread between frames (never while a frame is in flight), before the
 * next frame. How sends are serialized, ordered and kept off the broadcaster's thread is {@link StreamWriter}'s.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link StreamWriter}: created by its {@link WebSocketConnection}, which
 * attaches, starts and stops it; the overridden methods run on the writer's drain only.
 */
final class WebSocketWriter extends StreamWriter<ServerSentEvent> {

    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[] {'m'}).asReadOnlyBuffer();

    /** The package of Undertow's WebSocket classes (WildFly), whose send completions run on the I/O thread. */
    static final String UNDERTOW_PACKAGE = "io.undertow.";

    private final RemoteEndpoint.Async remote;
    private final boolean onUndertow;
    private final WebSocketFrameFormat format;
    private final SendHandler onSent = result -> sent(result.isOK() ? null : result.getException());

    WebSocketWriter(RemoteEndpoint.Async remote, WebSocketFrameFormat format, Executor executor,
                    WriterLimits limits, Owner owner) {
        super(executor, limits, owner);
        this.remote = remote;
        this.format = format;
        this.onUndertow = remote.getClass().getName().startsWith(UNDERTOW_PACKAGE);
    }

    /**
     * On Undertow (WildFly) a send's completion runs on the connection's I/O thread, where a further send only
     * queues its frame and flushes it at once; continuing there avoids a hand-off to the executor and a wake-up of
     * the I/O thread per frame. Elsewhere (Payara runs sends on the calling thread and may block it) the drain goes
     * back to the executor.
     */
    @Override
    protected boolean continuesOnCompletionThread() {
        return onUndertow;
    }

    @Override
    protected ServerSentEvent encode(ServerSentEvent event) {
        return event;                                  // encoded in send, as text or binary
    }

    /** Sends a ping ahead of the next frame, if any. */
    @Override
    protected ServerSentEvent keepAlive(ServerSentEvent next) throws IOException {
        remote.sendPing(PING_PAYLOAD.duplicate());
        return next;
    }

    @Override
    protected void send(ServerSentEvent event) {
        if (format.isBinary()) {
            remote.sendBinary(format.binary(event), onSent);
        } else {
            remote.sendText(format.text(event), onSent);
        }
    }
}
