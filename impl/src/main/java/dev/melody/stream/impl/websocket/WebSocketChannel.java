package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.impl.connection.Connection;
import dev.melody.stream.impl.connection.Ending;
import dev.melody.stream.impl.connection.TransportChannel;
import dev.melody.stream.impl.server.ServerDetection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What WebSocket adds to a {@link Connection}: each event as one frame through {@link RemoteEndpoint.Async}, a ping
 * every {@code idleTimeout} (an unanswered ping closes with 1001), acknowledged writing, and a close frame as goodbye.
 *
 * <p><b>Role.</b> The {@link TransportChannel} of one {@link Session}: a text or binary frame per event
 * ({@link WebSocketFrameFormat}), completed by a {@link SendHandler} that may run inline (Undertow) or on a container
 * thread; the resync marker first when the frames carry event types; pings sent on the drain between frames; the
 * container's close and error callbacks ({@link #closedByContainer}, {@link #failedInContainer}); and the close
 * frame of {@link WebSocketCloses} for the ending's cause, or the ending's own, or none when the container reported
 * the close.
 *
 * <p><b>Where it drains.</b> On Undertow (WildFly) a send's completion runs on the connection's I/O thread, where a
 * further send only queues its frame and flushes it at once: drains start on that thread
 * ({@link #drainExecutor()}) and continue on completions there, so a broadcast wakes each I/O thread once instead
 * of handing a pool one task per subscriber. On Open Liberty a send is an asynchronous write that completes on one
 * of the server's threads (or inline), and a send from that completion does not block: drains continue there.
 * Elsewhere (Payara runs sends on the calling thread and may block it) drains stay on the writers pool.
 *
 * <p><b>Acknowledged writing.</b> At most a window of {@value #ACKNOWLEDGE_WINDOW_BYTES} bytes of frames (counted in
 * characters for text) is written beyond what the client acknowledged. Halfway through the window the channel sends
 * a ping of its own and goes on writing; its pong acknowledges everything written before the ping; a writer that
 * reaches the end of the window before the pong writes nothing more until it comes. A send's completion does not
 * always mean the client took the frame: Payara's Tyrus completes every send at once and keeps what a stalled client
 * does not read on the server's heap, without bound. The pong does mean it, so the frames not yet taken by a client
 * that stopped reading stay about one window plus the socket buffers, on every server; the events behind them wait
 * in the subscription's bounded queue under the overflow policy, and a pong that does not come within
 * {@code writeTimeout} closes the connection like a stuck send. On only when the library pings ({@code idleTimeout}
 * above zero), since a client that never answers pings would stall.
 *
 * <p><b>Thread-safety.</b> The drain callbacks run on the writer's drain only; pongs and container callbacks come on
 * the session's read thread, never concurrently with each other; {@link #keepAliveDue()} on the timer.
 *
 * <p><b>Lifecycle.</b> Created by {@link WebSocketStreamEndpoint} in {@code onOpen} after the access check accepted
 * the topic, with its {@link Connection}; discarded with the session.
 */
final class WebSocketChannel implements TransportChannel<ServerSentEvent> {

    /** How many bytes may be written beyond what the client acknowledged (pongs to the channel's own pings). */
    static final long ACKNOWLEDGE_WINDOW_BYTES = 1 << 20;

    static final String LOG_IDLE = "WebSocket %s (topic '%s') closed: no pong within %s";

    private static final System.Logger LOG = System.getLogger(WebSocketChannel.class.getName());
    private static final byte[] PING_PAYLOAD = {'m'};
    private static final String ACKNOWLEDGE_PREFIX = "melody-ack-";

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final WebSocketFrameFormat format;
    private final Duration pingInterval;
    private final long window;                     // 0: acknowledged writing off
    private final boolean continuesOnCompletionThread;
    private final Executor ioThread;               // Undertow's I/O thread of this session, or null
    private Connection connection;                 // set once by bind, before any other callback
    private Runnable acknowledge;                  // the writer's acknowledged(); set by bind
    private volatile boolean awaitingPong;
    private volatile long written;                 // bytes written; written only by the drain
    private volatile long acknowledgedUpTo;        // bytes the client acknowledged; written only by pong
    private volatile long pingedAt = -1;           // bytes written when the ping awaited was sent, or -1 for none
    private volatile long pings;                   // written only by the drain
    private volatile ByteBuffer expectedPong;      // the payload of the ping awaited, or null
    private volatile Completion inFlight;          // the completion of the send in flight; drain and handler only
    private final SendHandler onSent = result -> {
        Completion done = inFlight;
        done.completed(result.isOK() ? null : result.getException());
    };

    /**
     * Creates the channel of an accepted session.
     *
     * @param session the session; {@code null} only in unit tests that never end the connection
     * @param remote the session's asynchronous remote
     * @param format how events become frames
     * @param pingInterval {@code idleTimeout}: how often to ping; zero for never (acknowledged writing off too)
     * @param acknowledgeWindow the acknowledgement window in bytes; zero for none
     */
    WebSocketChannel(Session session, RemoteEndpoint.Async remote, WebSocketFrameFormat format, Duration pingInterval,
                     long acknowledgeWindow) {
        this.session = session;
        this.remote = remote;
        this.format = format;
        this.pingInterval = pingInterval;
        this.window = pingInterval.isZero() ? 0 : acknowledgeWindow;
        boolean undertow = ServerDetection.isUndertow(remote);
        this.ioThread = undertow ? undertowIoThread(session) : null;
        this.continuesOnCompletionThread = undertow || ServerDetection.isLiberty(remote);
    }

    /** Undertow's I/O thread of the session ({@code UndertowSession.getWebSocketChannel().getIoThread()}), if any. */
    private static Executor undertowIoThread(Session session) {
        if (session == null) {
            return null;
        }
        try {
            Object channel = session.getClass().getMethod("getWebSocketChannel").invoke(session);
            Object thread = channel.getClass().getMethod("getIoThread").invoke(channel);
            return thread instanceof Executor executor ? executor : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, () -> "No Undertow I/O thread for this WebSocket session: " + e);
            return null;
        }
    }

    @Override
    public void bind(Connection owner) {
        this.connection = owner;
        this.acknowledge = owner::acknowledged;
    }

    /**
     * Sends acknowledgements to {@code writer} instead of a connection: for tests of a writer over this channel
     * alone.
     *
     * @param writer what a pong acknowledges
     */
    void acknowledgeTo(Runnable writer) {
        this.acknowledge = writer;
    }

    @Override
    public List<ServerSentEvent> prelude(boolean resync) {
        return resync && format.carriesEventTypes() ? List.of(StreamMarkers.resync()) : List.of();
    }

    @Override
    public Executor drainExecutor() {
        return ioThread;
    }

    @Override
    public boolean continuesOnCompletionThread() {
        return continuesOnCompletionThread;
    }

    /** Frames of data only cannot tell a gap marker from data: such a client is closed at a gap instead. */
    @Override
    public boolean marksGaps() {
        return format.carriesEventTypes();
    }

    @Override
    public Duration keepAliveInterval() {
        return pingInterval;
    }

    /** Deems the client gone if the previous ping went unanswered, else asks for a ping. */
    @Override
    public boolean keepAliveDue() {
        if (awaitingPong) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_IDLE, connection.id(), connection.topic(), pingInterval));
            return false;
        }
        awaitingPong = true;
        return true;
    }

    /** A frame arrived: the client is alive. */
    void heardFromClient() {
        awaitingPong = false;
    }

    /**
     * A pong arrived: the client is alive, and if it answers the ping awaited, everything written before that ping
     * is acknowledged. Called on the read thread.
     *
     * @param applicationData the pong's payload
     */
    void pong(ByteBuffer applicationData) {
        heardFromClient();
        ByteBuffer expected = expectedPong;
        if (expected != null && expected.equals(applicationData)) {
            expectedPong = null;                   // in this order: the drain pings again only once pingedAt is -1
            acknowledgedUpTo = pingedAt;
            pingedAt = -1;
            acknowledge.run();
        }
    }

    /** Pings halfway through the window (one ping awaited at a time); waits at its end. */
    @Override
    public boolean mustAwaitAcknowledgement() throws IOException {
        if (window == 0) {
            return false;
        }
        long unacknowledged = written - acknowledgedUpTo;
        if (pingedAt < 0 && unacknowledged >= window / 2) {
            byte[] payload = (ACKNOWLEDGE_PREFIX + ++pings).getBytes(StandardCharsets.US_ASCII);
            pingedAt = written;
            expectedPong = ByteBuffer.wrap(payload.clone()).asReadOnlyBuffer();
            remote.sendPing(ByteBuffer.wrap(payload));              // writable: Open Liberty copies from its array
        }
        return unacknowledged >= window;
    }

    /** Sends a ping ahead of the next frame, if any. */
    @Override
    public ServerSentEvent keepAlive(ServerSentEvent next) throws IOException {
        remote.sendPing(ByteBuffer.wrap(PING_PAYLOAD.clone()));     // Open Liberty cannot send a read-only buffer
        return next;
    }

    @Override
    public ServerSentEvent encode(ServerSentEvent event) {
        return event;                                  // encoded in send, as text or binary
    }

    /** One frame per event: every server here completes a WebSocket send per message. */
    @Override
    public int batchLimit() {
        return 1;
    }

    @Override
    public ServerSentEvent combine(List<ServerSentEvent> messages) {
        throw new UnsupportedOperationException("WebSocket frames are sent one at a time");
    }

    @Override
    public void send(ServerSentEvent event, Completion done) {
        inFlight = done;
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

    @Override
    public CloseCause classify(Throwable failure) {
        return CloseCause.ERROR;
    }

    @Override
    public Ending closeRequested(int code, String reason) {
        CloseReason frame = WebSocketCloses.requested(code, reason);
        return new Ending(CloseCause.SERVER_CLOSED, (code + " " + frame.getReasonPhrase()).trim(), null, frame);
    }

    /**
     * The container reported the client's close (or a close it made itself, such as 1009 or 1007).
     *
     * @param reason the close reason the container reported
     */
    void closedByContainer(CloseReason reason) {
        String detail = reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
        connection.end(new Ending(WebSocketCloses.causeOf(reason), detail.trim(), null, Ending.ALREADY_TOLD));
    }

    /**
     * The container reported a transport error; the close callback usually follows.
     *
     * @param error what it reported
     */
    void failedInContainer(Throwable error) {
        LOG.log(Level.DEBUG, () -> "WebSocket " + connection.id() + " error: " + error);
        connection.end(new Ending(CloseCause.ERROR, String.valueOf(error), null, Ending.ALREADY_TOLD));
    }

    /**
     * Ends the connection with a close frame of its own (1009, 1011 …).
     *
     * @param frame the close frame
     * @param detail the detail {@code StreamClosed} carries
     */
    void closeWith(CloseReason frame, String detail) {
        connection.end(new Ending(CloseCause.SERVER_CLOSED, detail, null, frame));
    }

    @Override
    public void goodbye(Ending ending) {
        if (!ending.tellsClient() || session == null) {
            return;
        }
        CloseReason frame = ending.farewell() instanceof CloseReason own ? own : WebSocketCloses.forCause(ending.cause());
        try {
            if (session.isOpen()) {
                session.close(frame);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "WebSocket " + connection.id() + " close frame not sent: " + e);
        }
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(session == null ? null : session.getUserPrincipal());
    }
}
