package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.connection.AbstractStreamConnection;
import dev.melody.stream.impl.connection.StreamWriter.WriterLimits;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;

/**
 * One accepted WebSocket client: an {@link AbstractStreamConnection} over a {@link Session}, closed with a close
 * frame when it ends.
 *
 * <p><b>Role.</b> Adds to {@link AbstractStreamConnection} what is WebSocket's: the {@link WebSocketWriter} of its
 * session, the resync marker queued first (with {@code JSON_ENVELOPE} frames), a ping every {@code idleTimeout}
 * (an unanswered ping closes with 1001), the container's close and error callbacks, and the goodbye: the close frame
 * of {@link WebSocketCloses} for the cause, or none when the container reported the close.
 *
 * <p><b>Thread-safety.</b> As {@link AbstractStreamConnection}: every public method may be called from any thread.
 * Container callbacks (inbound messages, close, error) are never concurrent for one session.
 *
 * <p><b>Lifecycle.</b> Created by {@link WebSocketStreamEndpoint} in {@code onOpen} after the access check
 * accepted the topic; ends at the first close.
 */
final class WebSocketConnection extends AbstractStreamConnection {

    static final String LOG_IDLE = "WebSocket %s (topic '%s') closed: no pong within %s";

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final Session session;
    private final WebSocketFrameFormat format;
    private final WebSocketWriter writer;
    private volatile boolean awaitingPong;

    WebSocketConnection(Session session, WebSocketTransport transport, String topic) {
        super(transport.registry(), topic);
        this.session = session;
        StreamOptions options = registry().options();
        this.format = new WebSocketFrameFormat(options.webSocketFrames());
        this.writer = new WebSocketWriter(session.getAsyncRemote(), format, registry().executor(),
                new WriterLimits(options.subscriberBuffer(), options.overflowPolicy()),
                options.idleTimeout().isZero() ? 0 : WebSocketWriter.ACKNOWLEDGE_WINDOW_BYTES, this);
    }

    @Override
    protected WebSocketWriter writer() {
        return writer;
    }

    @Override
    protected void prepareFirstWrites(Subscription subscribed) {
        if (subscribed.resyncRequired() && format.carriesEventTypes()) {
            writer.writeFirst(StreamMarkers.resync());          // before the events held since the handshake
        }
    }

    @Override
    protected Duration keepAliveInterval(StreamOptions options) {
        return options.idleTimeout();
    }

    /** Closes if the previous ping went unanswered, else pings. */
    @Override
    protected void keepAliveDue() {
        if (awaitingPong) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_IDLE, id(), topic(), registry().options().idleTimeout()));
            closeOnExecutor(CloseCause.IDLE_TIMEOUT, detailOf(CloseCause.IDLE_TIMEOUT), null);
        } else {
            awaitingPong = true;
            writer.requestKeepAlive();
        }
    }

    /** A pong (or any frame) arrived: the client is alive. */
    void heardFromClient() {
        awaitingPong = false;
    }

    /** A pong arrived: the client is alive, and it may acknowledge what the writer sent. */
    void pong(ByteBuffer applicationData) {
        heardFromClient();
        writer.pong(applicationData);
    }

    @Override
    protected String detailOf(CloseCause cause) {
        return WebSocketCloses.forCause(cause).getReasonPhrase();
    }

    @Override
    protected CloseCause causeOfWriteFailure(Throwable failure) {
        return CloseCause.ERROR;
    }

    @Override
    protected void closeFor(CloseCause cause, String detail, Throwable failure) {
        closeWith(cause, WebSocketCloses.forCause(cause), detail);
    }

    /** The container reported the client's close (or a close it made itself, such as 1009 or 1007). */
    void closedByContainer(CloseReason reason) {
        String detail = reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
        closeWith(WebSocketCloses.causeOf(reason), null, detail.trim());
    }

    /** The container reported a transport error; the close callback usually follows. */
    void failedInContainer(Throwable error) {
        LOG.log(Level.DEBUG, () -> "WebSocket " + id() + " error: " + error);
        closeWith(CloseCause.ERROR, null, String.valueOf(error));
    }

    /**
     * Ends the connection once ({@link #closeOnce}), then sends {@code frame} unless the close came from the
     * container.
     *
     * @param cause the cause {@link StreamClosed} reports
     * @param frame the close frame to send, or {@code null} when the container reported the close
     * @param detail the detail {@link StreamClosed} carries
     */
    void closeWith(CloseCause cause, CloseReason frame, String detail) {
        if (closeOnce(cause, detail) && frame != null) {
            closeSession(frame);
        }
    }

    private void closeSession(CloseReason frame) {
        try {
            if (session.isOpen()) {
                session.close(frame);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "WebSocket " + id() + " close frame not sent: " + e);
        }
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(session.getUserPrincipal());
    }

    @Override
    public void close(int code, String reason) {
        CloseReason frame = WebSocketCloses.requested(code, reason);
        closeWith(CloseCause.SERVER_CLOSED, frame, (code + " " + frame.getReasonPhrase()).trim());
    }
}
