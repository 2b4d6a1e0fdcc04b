package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.websocket.WebSocketWriter.WriterLimits;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted WebSocket client: its hub subscription, its single writer, its timers and its close state.
 *
 * <p><b>Role.</b> The {@link StreamConnection} applications see in events, and the {@link SubscriptionListener}
 * the hub signals. It owns exactly one {@link Subscription} and one {@link WebSocketWriter}; whatever ends the
 * connection (client close, network loss, write failure or timeout, overflow, missing pong, read limit, observer
 * failure, shutdown, {@link #close(int, String)}) runs {@link #closeWith} once, which unsubscribes, fires
 * {@link StreamClosed} and sends the close frame.
 *
 * <p><b>State.</b> {@code OPENING → OPEN → CLOSED}, changed by CAS; the first closer wins and later closes do
 * nothing. {@link StreamOpened} is fired before the first frame is written and before {@link StreamClosed}: a
 * close that races the opening is recorded and reported by the opening thread right after {@code StreamOpened}.
 *
 * <p><b>Thread-safety.</b> All public methods may be called from any thread. Container callbacks (inbound
 * messages, close, error) are never concurrent for one session; hub callbacks come from broadcasting threads and
 * are handed to the transport's executor before anything blocks.
 *
 * <p><b>Lifecycle.</b> Created by {@link WebSocketStreamEndpoint} in {@code onOpen} after the access check
 * accepted the topic; ends at the first close.
 */
final class WebSocketConnection implements StreamConnection, SubscriptionListener, WebSocketWriter.Owner {

    static final String LOG_WRITE_FAILED = "WebSocket %s (topic '%s') closed: write failed: %s";
    static final String LOG_TIMEOUT = "WebSocket %s (topic '%s') closed: %s";

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private enum State { OPENING, OPEN, CLOSED }

    /** How the connection ended: set once, by the first closer, before the state becomes CLOSED. */
    private record Ending(CloseCause cause, String detail) {
    }

    private final Session session;
    private final WebSocketTransport transport;
    private final String id;
    private final String topic;
    private final WebSocketFrameFormat format;
    private final WebSocketWriter writer;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
    private volatile Subscription subscription;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile boolean awaitingPong;
    private volatile ScheduledFuture<?> watchdog;
    private volatile ScheduledFuture<?> pinger;

    WebSocketConnection(Session session, WebSocketTransport transport, String topic) {
        this.session = session;
        this.transport = transport;
        this.id = transport.nextId();
        this.topic = topic;
        StreamOptions options = transport.options();
        this.format = new WebSocketFrameFormat(options.webSocketFrames());
        this.writer = new WebSocketWriter(session.getAsyncRemote(), format, transport.executor(),
                new WriterLimits(options.subscriberBuffer(), options.overflowPolicy()), this);
    }

    /**
     * Subscribes (replaying after {@code lastEventId}), fires {@link StreamOpened}, then starts writing and timing.
     * Called once, on the container's {@code onOpen} thread.
     */
    void open(String lastEventId) {
        Subscription subscribed = transport.hub().subscribe(topic, lastEventId, this);
        subscription = subscribed;
        writer.attach(subscribed);
        if (subscribed.isClosed()) {                           // the hub has shut down: never opened
            close(CloseCause.SHUTDOWN);
            return;
        }
        transport.register(this);
        if (subscribed.resyncRequired() && format.carriesEventTypes()) {
            writer.sendDirect(WebSocketFrameFormat.resyncMarker());
        }
        transport.fireOpened(new StreamOpened(this));
        if (!state.compareAndSet(State.OPENING, State.OPEN)) {
            Ending raced = ending.get();                       // a close raced the opening: report it now
            transport.fireClosed(new StreamClosed(this, raced.cause(), raced.detail()));
            return;
        }
        writer.start();
        startTimers(transport.options());
    }

    private void startTimers(StreamOptions options) {
        long timeoutNanos = options.writeTimeout().toNanos();
        long checkMillis = Math.max(10, options.writeTimeout().toMillis() / 4);
        watchdog = transport.timer().scheduleWithFixedDelay(() -> {
            if (writer.isSendOverdue(timeoutNanos)) {
                closeOnExecutor(CloseCause.WRITE_TIMEOUT);
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        long idleMillis = options.idleTimeout().toMillis();
        if (idleMillis > 0) {
            pinger = transport.timer().scheduleAtFixedRate(this::pingTick, idleMillis, idleMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void pingTick() {
        if (awaitingPong) {
            closeOnExecutor(CloseCause.IDLE_TIMEOUT);
        } else {
            awaitingPong = true;
            writer.requestPing();
        }
    }

    /** A pong (or any frame) arrived: the client is alive. */
    void heardFromClient() {
        awaitingPong = false;
    }

    @Override
    public void onAvailable(Subscription ignored) {
        writer.signal();
    }

    @Override
    public void onClosed(Subscription ignored, CloseCause cause) {
        if (state.get() != State.CLOSED) {
            closeOnExecutor(cause);                            // may be a broadcaster's thread: hand it over
        }
    }

    @Override
    public void writeFailed(Throwable failure) {
        if (state.get() != State.CLOSED) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_WRITE_FAILED, id, topic, failure));
            closeOnExecutor(CloseCause.ERROR, String.valueOf(failure));  // may be a container I/O thread
        }
    }

    @Override
    public void directOverflow() {
        closeOnExecutor(CloseCause.OVERFLOW);
    }

    /** The container reported the client's close (or a close it made itself, such as 1009 or 1007). */
    void closedByContainer(CloseReason reason) {
        String detail = reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
        closeWith(WebSocketCloses.causeOf(reason), null, detail.trim());
    }

    /** The container reported a transport error; the close callback usually follows. */
    void failedInContainer(Throwable error) {
        LOG.log(Level.DEBUG, () -> "WebSocket " + id + " error: " + error);
        closeWith(CloseCause.ERROR, null, String.valueOf(error));
    }

    /** Closes for a cause the server noticed, with that cause's close frame. */
    void close(CloseCause cause) {
        closeWith(cause, WebSocketCloses.forCause(cause), WebSocketCloses.forCause(cause).getReasonPhrase());
    }

    private void closeOnExecutor(CloseCause cause) {
        closeOnExecutor(cause, WebSocketCloses.forCause(cause).getReasonPhrase());
    }

    private void closeOnExecutor(CloseCause cause, String detail) {
        Runnable closing = () -> closeWith(cause, WebSocketCloses.forCause(cause), detail);
        try {
            transport.executor().execute(closing);
        } catch (RuntimeException rejected) {              // the application is stopping: close here
            closing.run();
        }
    }

    /**
     * Ends the connection once: unsubscribes, stops the writer and timers, fires {@link StreamClosed}, and sends
     * {@code frame} unless the close came from the container ({@code frame == null}).
     */
    void closeWith(CloseCause cause, CloseReason frame, String detail) {
        if (!ending.compareAndSet(null, new Ending(cause, detail))) {
            return;
        }
        State previous = state.getAndSet(State.CLOSED);
        writer.stop();
        cancel(watchdog);
        cancel(pinger);
        Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.close(cause);
        }
        transport.unregister(this);
        if (cause == CloseCause.WRITE_TIMEOUT || cause == CloseCause.IDLE_TIMEOUT) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_TIMEOUT, id, topic, detail));
        }
        if (previous == State.OPEN) {
            transport.fireClosed(new StreamClosed(this, cause, detail));
        }
        if (frame != null) {
            closeSession(frame);
        }
    }

    private void closeSession(CloseReason frame) {
        try {
            if (session.isOpen()) {
                session.close(frame);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "WebSocket " + id + " close frame not sent: " + e);
        }
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(session.getUserPrincipal());
    }

    @Override
    public boolean isOpen() {
        return state.get() != State.CLOSED;
    }

    @Override
    public boolean send(ServerSentEvent event) {
        return isOpen() && writer.sendDirect(event);
    }

    @Override
    public void close(int code, String reason) {
        CloseReason frame = WebSocketCloses.requested(code, reason);
        closeWith(CloseCause.SERVER_CLOSED, frame, (code + " " + frame.getReasonPhrase()).trim());
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + id + ", topic=" + topic + ", " + state.get() + "]";
    }
}
