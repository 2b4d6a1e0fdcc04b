package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.impl.stream.StreamWriter;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * <p><b>Acknowledged writing.</b> After every {@value #ACKNOWLEDGE_EVERY_BYTES} bytes of frames (counted in
 * characters for text), the writer sends a ping of its own and writes nothing more until its pong returns. A send's
 * completion does not always mean the client took the frame: Payara's Tyrus completes every send at once and keeps
 * what a stalled client does not read on the server's heap, without bound. The pong does mean it, so the frames
 * not yet taken by a client that stopped reading stay about that size plus the socket buffers, on every server;
 * the events behind them wait in the subscription's bounded queue under the overflow policy, and a pong that does
 * not come within {@code writeTimeout} closes the connection like a stuck send. On only when the library pings
 * ({@code idleTimeout} above zero), since a client that never answers pings would stall.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link StreamWriter}: created by its {@link WebSocketConnection}, which
 * attaches, starts and stops it; the overridden methods run on the writer's drain only.
 */
final class WebSocketWriter extends StreamWriter<ServerSentEvent> {

    private static final byte[] PING_PAYLOAD = {'m'};

    /** The package of Undertow's WebSocket classes (WildFly), whose send completions run on the I/O thread. */
    static final String UNDERTOW_PACKAGE = "io.undertow.";

    private final RemoteEndpoint.Async remote;
    private final boolean onUndertow;
    private final WebSocketFrameFormat format;
    /** How many bytes may be written between two acknowledgements (pongs to the writer's own pings). */
    static final long ACKNOWLEDGE_EVERY_BYTES = 1 << 20;

    private static final String ACKNOWLEDGE_PREFIX = "melody-ack-";

    private final long acknowledgeEvery;
    private volatile long unacknowledged;          // bytes since the last acknowledgement; written only by the drain
    private volatile long acknowledgements;        // written only by the drain
    private volatile ByteBuffer expectedPong;      // the payload of the acknowledgement awaited, or null
    private final SendHandler onSent = result -> sent(result.isOK() ? null : result.getException());

    WebSocketWriter(RemoteEndpoint.Async remote, WebSocketFrameFormat format, Executor executor,
                    WriterLimits limits, long acknowledgeEvery, Owner owner) {
        super(executor, limits, owner);
        this.acknowledgeEvery = acknowledgeEvery;
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
        remote.sendPing(ByteBuffer.wrap(PING_PAYLOAD.clone()));     // Open Liberty cannot send a read-only buffer
        return next;
    }

    @Override
    protected void send(ServerSentEvent event) {
        if (format.isBinary()) {
            ByteBuffer frame = format.binary(event);
            unacknowledged += frame.remaining();
            remote.sendBinary(frame, onSent);
        } else {
            String frame = format.text(event);
            unacknowledged += frame.length();
            remote.sendText(frame, onSent);
        }
    }

    @Override
    protected boolean acknowledgementDue() {
        return acknowledgeEvery > 0 && unacknowledged >= acknowledgeEvery;
    }

    /** Pings with a payload of its own, which {@link #pong} recognizes. */
    @Override
    protected void requestAcknowledgement() throws IOException {
        unacknowledged = 0;
        acknowledgements++;
        byte[] payload = (ACKNOWLEDGE_PREFIX + acknowledgements).getBytes(StandardCharsets.US_ASCII);
        expectedPong = ByteBuffer.wrap(payload.clone()).asReadOnlyBuffer();
        remote.sendPing(ByteBuffer.wrap(payload));                  // writable: Open Liberty copies from its array
    }

    /**
     * A pong arrived; resumes writing if it answers the acknowledgement awaited. Called on the read thread.
     *
     * @param applicationData the pong's payload
     */
    void pong(ByteBuffer applicationData) {
        ByteBuffer expected = expectedPong;
        if (expected != null && expected.equals(applicationData)) {
            expectedPong = null;
            acknowledged();
        }
    }
}
