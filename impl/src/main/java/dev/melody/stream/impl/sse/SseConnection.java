package dev.melody.stream.impl.sse;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.sse.SseWriter.WriterLimits;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One SSE client: its sink, its hub subscription, its single writer, its timers and its close state.
 *
 * <p><b>Role.</b> The {@link StreamConnection} applications see in events, and the {@link SubscriptionListener}
 * the hub signals. It owns exactly one {@link Subscription} and one {@link SseWriter}; whatever ends the stream
 * (a failed write, which is how a closed client shows up, a write timeout, overflow, hub shutdown, the broadcaster
 * closing, {@link #close(int, String)}) runs {@link #closeWith} once, which unsubscribes, fires {@link StreamClosed},
 * tells the broadcaster's {@code onClose}/{@code onError} consumers and completes the sink.
 *
 * <p><b>State.</b> {@code OPENING → OPEN → CLOSED}, changed by CAS; the first closer wins and later closes do
 * nothing. {@link StreamOpened} is fired before the first event is written and before {@link StreamClosed}: a
 * close that races the opening is recorded and reported by the opening thread right after {@code StreamOpened}.
 *
 * <p><b>Thread-safety.</b> All public methods may be called from any thread. Hub callbacks come from broadcasting
 * threads and sink completions from container threads; both hand anything that may block to the executor.
 *
 * <p><b>Lifecycle.</b> Created by {@link SseTopicBroadcaster} for each registered sink (the resource's, after the
 * access check, or an application's); ends at the first close.
 */
final class SseConnection implements StreamConnection, SubscriptionListener, SseWriter.Owner {

    static final String LOG_WRITE_FAILED = "SSE %s (topic '%s') closed: write failed: %s";
    static final String LOG_TIMEOUT = "SSE %s (topic '%s') closed: no write completed within %s";
    static final String DETAIL_WRITE_TIMEOUT = "write timeout";
    static final String DETAIL_SHUTDOWN = "server shutting down";
    static final String DETAIL_TOO_SLOW = "too slow";

    private static final System.Logger LOG = System.getLogger(SseConnection.class.getName());

    private enum State { OPENING, OPEN, CLOSED }

    /** How the stream ended: set once, by the first closer, before the state becomes CLOSED. */
    private record Ending(CloseCause cause, String detail, Throwable failure) {
    }

    private final SseEventSink sink;
    private final SseTransport transport;
    private final SseTopicBroadcaster broadcaster;
    private final String id;
    private final Principal principal;
    private final SseWriter writer;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> watchdog;
    private volatile ScheduledFuture<?> heartbeat;

    SseConnection(SseEventSink sink, Sse sse, SseTopicBroadcaster broadcaster, Principal principal) {
        this.sink = sink;
        this.broadcaster = broadcaster;
        this.transport = broadcaster.transport();
        this.id = transport.nextId();
        this.principal = principal;
        StreamOptions options = transport.options();
        this.writer = new SseWriter(sink, sse, transport.executor(),
                new WriterLimits(options.subscriberBuffer(), options.overflowPolicy()), this);
    }

    /**
     * Subscribes (replaying after {@code lastEventId}), fires {@link StreamOpened}, then starts writing and timing.
     * Called once, on the thread that registered the sink.
     *
     * @param lastEventId the id of the last event the client saw, or {@code null} for live events only
     */
    void open(String lastEventId) {
        Subscription subscribed = transport.hub().subscribe(topic(), lastEventId, this);
        subscription = subscribed;
        if (subscribed.isClosed()) {                           // the hub has shut down: never opened
            closeWith(CloseCause.SHUTDOWN, DETAIL_SHUTDOWN, null);
            return;
        }
        transport.register(this);
        transport.fireOpened(new StreamOpened(this));
        if (!state.compareAndSet(State.OPENING, State.OPEN)) {
            Ending raced = ending.get();                       // a close raced the opening: report it now
            transport.fireClosed(new StreamClosed(this, raced.cause(), raced.detail()));
            return;
        }
        writer.start(subscribed, subscribed.resyncRequired() ? List.of(SseEventFormat.resyncMarker()) : List.of());
        startTimers(transport.options());
    }

    private void startTimers(StreamOptions options) {
        long timeoutNanos = options.writeTimeout().toNanos();
        long checkMillis = Math.max(10, options.writeTimeout().toMillis() / 4);
        watchdog = transport.timer().scheduleWithFixedDelay(() -> {
            if (writer.isSendOverdue(timeoutNanos)) {
                LOG.log(Level.DEBUG, () -> String.format(LOG_TIMEOUT, id, topic(), options.writeTimeout()));
                closeOnExecutor(CloseCause.WRITE_TIMEOUT, DETAIL_WRITE_TIMEOUT, null);
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        long beatMillis = Math.max(1, options.sseHeartbeat().toMillis());
        heartbeat = transport.timer().scheduleAtFixedRate(writer::requestHeartbeat, beatMillis, beatMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void onAvailable(Subscription ignored) {
        writer.signal();
    }

    @Override
    public void onClosed(Subscription ignored, CloseCause cause) {
        if (state.get() != State.CLOSED) {
            closeOnExecutor(cause, detailOf(cause), null);     // may be a broadcaster's thread: hand it over
        }
    }

    @Override
    public void writeFailed(Throwable failure) {
        if (state.get() != State.CLOSED) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_WRITE_FAILED, id, topic(), failure));
            CloseCause cause = isClientGone(failure) ? CloseCause.CLIENT_CLOSED : CloseCause.ERROR;
            closeOnExecutor(cause, String.valueOf(failure), failure);   // may be a container I/O thread
        }
    }

    @Override
    public void directOverflow() {
        closeOnExecutor(CloseCause.OVERFLOW, DETAIL_TOO_SLOW, null);
    }

    /** Closes for a cause the server noticed, such as shutdown or the broadcaster closing. */
    void close(CloseCause cause) {
        closeWith(cause, detailOf(cause), null);
    }

    private void closeOnExecutor(CloseCause cause, String detail, Throwable failure) {
        Runnable closing = () -> closeWith(cause, detail, failure);
        try {
            transport.executor().execute(closing);
        } catch (RuntimeException rejected) {                  // the application is stopping: close here
            closing.run();
        }
    }

    /** Ends the stream once: unsubscribes, stops the writer and timers, fires the events, completes the sink. */
    void closeWith(CloseCause cause, String detail, Throwable failure) {
        if (!ending.compareAndSet(null, new Ending(cause, detail, failure))) {
            return;
        }
        State previous = state.getAndSet(State.CLOSED);
        writer.stop();
        cancel(watchdog);
        cancel(heartbeat);
        Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.close(cause);
        }
        transport.unregister(this);
        if (previous == State.OPEN) {
            transport.fireClosed(new StreamClosed(this, cause, detail));
        }
        broadcaster.closed(this, failure);
        closeSink();
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (Exception e) {                                // JAX-RS 4.0 declares IOException
            LOG.log(Level.DEBUG, () -> "SSE " + id + " sink did not close cleanly: " + e);
        }
    }

    private static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    private static String detailOf(CloseCause cause) {
        return switch (cause) {
            case SHUTDOWN -> DETAIL_SHUTDOWN;
            case OVERFLOW -> DETAIL_TOO_SLOW;
            case WRITE_TIMEOUT -> DETAIL_WRITE_TIMEOUT;
            default -> "";
        };
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    SseEventSink sink() {
        return sink;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String topic() {
        return broadcaster.topic();
    }

    @Override
    public Transport transport() {
        return Transport.SSE;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public boolean isOpen() {
        return state.get() != State.CLOSED;
    }

    @Override
    public boolean send(ServerSentEvent event) {
        return isOpen() && writer.sendDirect(event);
    }

    /** Completes the stream; the code and reason are WebSocket notions and only recorded in {@link StreamClosed}. */
    @Override
    public void close(int code, String reason) {
        closeWith(CloseCause.SERVER_CLOSED, (code + " " + (reason == null ? "" : reason)).trim(), null);
    }

    @Override
    public String toString() {
        return "SseConnection[" + id + ", topic=" + topic() + ", " + state.get() + "]";
    }
}
