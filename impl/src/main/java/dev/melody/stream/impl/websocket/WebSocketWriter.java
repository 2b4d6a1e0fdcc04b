package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.impl.connection.StreamWriter;
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
 * <p><b>Acknowledged writing.</b> At most a window of {@value #ACKNOWLEDGE_WINDOW_BYTES} bytes of frames (counted in
 * characters for text) is written beyond what the client acknowledged. Halfway through the window the writer sends
 * a ping of its own and goes on writing; its pong acknowledges everything written before the ping; a writer that
 * reaches the end of the window before the pong writes nothing more until it comes. A client that reads at any
 * pace with a round trip shorter than half a window's writing never waits. A send's completion does not always
 * mean the client took the frame: Payara's Tyrus completes every send at once and keeps what a stalled client does
 * not read on the server's heap, without bound. The pong does mean it, so the frames not yet taken by a client
 * that stopped reading stay about one window plus the socket buffers, on every server;
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

    /** The package of Open Liberty's WebSocket classes, whose sends are asynchronous writes that never block. */
    static final String LIBERTY_PACKAGE = "com.ibm.ws.wsoc.";

    private final RemoteEndpoint.Async remote;
    private final boolean continuesOnCompletionThread;
    private final WebSocketFrameFormat format;
    /** How many bytes may be written beyond what the client acknowledged (pongs to the writer's own pings). */
    static final long ACKNOWLEDGE_WINDOW_BYTES = 1 << 20;

    private static final String ACKNOWLEDGE_PREFIX = "melody-ack-";

    private final long window;                     // 0: acknowledged writing off
    private volatile long written;                 // bytes written; written only by the drain
    private volatile long acknowledgedUpTo;        // bytes the client acknowledged; written only by pong
    private volatile long pingedAt = -1;           // bytes written when the ping awaited was sent, or -1 for none
    private volatile long pings;                   // written only by the drain
    private volatile ByteBuffer expectedPong;      // the payload of the ping awaited, or null
    private final SendHandler onSent = result -> sent(result.isOK() ? null : result.getException());

    WebSocketWriter(RemoteEndpoint.Async remote, WebSocketFrameFormat format, Executor executor,
                    WriterLimits limits, long acknowledgeWindow, Owner owner) {
        super(executor, limits, owner);
        this.window = acknowledgeWindow;
        this.remote = remote;
        this.format = format;
        String container = remote.getClass().getName();
        this.continuesOnCompletionThread = container.startsWith(UNDERTOW_PACKAGE)
                || container.startsWith(LIBERTY_PACKAGE);
    }

    /**
     * On Undertow (WildFly) a send's completion runs on the connection's I/O thread, where a further send only
     * queues its frame and flushes it at once; continuing there avoids a hand-off to the executor and a wake-up of
     * the I/O thread per frame. On Open Liberty a send is an asynchronous write that completes on one of the
     * server's threads (or inline), and a send from that completion is accepted and does not block: continuing there
     * saves one hand-off per frame. Elsewhere (Payara runs sends on the calling thread and may block it) the drain
     * goes back to the executor.
     */
    @Override
    protected boolean continuesOnCompletionThread() {
        return continuesOnCompletionThread;
    }

    @Override
    protected ServerSentEvent encode(ServerSentEvent event) {
        return event;                                  // encoded in send, as text or binary
    }

    /** Frames of data only cannot tell a gap marker from data: such a client is closed at a gap instead. */
    @Override
    protected boolean marksGaps() {
        return format.carriesEventTypes();
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
            written += frame.remaining();
            remote.sendBinary(frame, onSent);
        } else {
            String frame = format.text(event);
            written += frame.length();
            remote.sendText(frame, onSent);
        }
    }

    /** Pings halfway through the window (one ping awaited at a time); waits at its end. */
    @Override
    protected boolean mustAwaitAcknowledgement() throws IOException {
        if (window == 0) {
            return false;
        }
        long unacknowledged = written - acknowledgedUpTo;
        if (pingedAt < 0 && unacknowledged >= window / 2) {
            ping();
        }
        return unacknowledged >= window;
    }

    /** Pings with a payload of its own, which {@link #pong} recognizes. */
    private void ping() throws IOException {
        byte[] payload = (ACKNOWLEDGE_PREFIX + ++pings).getBytes(StandardCharsets.US_ASCII);
        pingedAt = written;
        expectedPong = ByteBuffer.wrap(payload.clone()).asReadOnlyBuffer();
        remote.sendPing(ByteBuffer.wrap(payload));                  // writable: Open Liberty copies from its array
    }

    /**
     * A pong arrived; if it answers the ping awaited, everything written before that ping is acknowledged. Called
     * on the read thread.
     *
     * @param applicationData the pong's payload
     */
    void pong(ByteBuffer applicationData) {
        ByteBuffer expected = expectedPong;
        if (expected != null && expected.equals(applicationData)) {
            expectedPong = null;                   // in this order: the drain pings again only once pingedAt is -1
            acknowledgedUpTo = pingedAt;
            pingedAt = -1;
            acknowledged();
        }
    }
}
