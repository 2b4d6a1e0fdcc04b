package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.Transport;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection of either transport: its hub subscription, its single writer, its timers and its close
 * state; a transport adds only how the client is told goodbye and what its keep-alive is.
 *
 * <p><b>Role.</b> The {@link StreamConnection} applications see in events, the {@link SubscriptionListener} the hub
 * signals, and the {@link StreamWriter.Owner} its writer reports to. It owns exactly one {@link Subscription} and
 * one {@link StreamWriter}. Whatever ends the connection (a write failure or timeout, overflow, hub shutdown,
 * undeploy, the client, the application) runs {@link #closeOnce} once, which unsubscribes, stops the writer and
 * timers, unregisters and fires {@link StreamClosed}; the subclass then tells the client in its transport's way.
 * Subclasses: {@code WebSocketConnection}, {@code SseConnection}.
 *
 * <p><b>State.</b> {@code OPENING → OPEN → CLOSED}, changed by CAS; the first closer wins and later closes do
 * nothing. {@link StreamOpened} is fired once, before the first message is written and before {@link StreamClosed};
 * a close that races the opening is recorded and reported by the opening thread right after {@code StreamOpened}.
 * {@code StreamClosed} is fired exactly once for every connection that fired {@code StreamOpened}.
 *
 * <p><b>Timers.</b> A watchdog checks every quarter of {@code writeTimeout} whether a send is overdue, so a stalled
 * send closes the connection (cause {@link CloseCause#WRITE_TIMEOUT}) between 1 and 1.25 times the timeout after it
 * started. A keep-alive runs every {@link #keepAliveInterval} (the SSE heartbeat, the WebSocket ping).
 *
 * <p><b>Thread-safety.</b> All public methods may be called from any thread. Hub callbacks come from broadcasting
 * threads, writer callbacks from container completion threads, timer ticks from the timer: each hands anything that
 * may block to the executor ({@link #closeOnExecutor}).
 *
 * <p><b>Lifecycle.</b> Created by its transport for an accepted client; {@link #open(String)} or
 * {@link #open(Subscription)} once; ends at the first close.
 */
public abstract class AbstractStreamConnection implements StreamConnection, SubscriptionListener,
        StreamWriter.Owner {

    static final String LOG_WRITE_FAILED = "%s %s (topic '%s') closed: write failed: %s";
    static final String LOG_TIMEOUT = "%s %s (topic '%s') closed: no write completed within %s";

    private static final System.Logger LOG = System.getLogger(AbstractStreamConnection.class.getName());

    private enum State { OPENING, OPEN, CLOSED }

    /** How the connection ended: set once, by the first closer, before the state becomes CLOSED. */
    private record Ending(CloseCause cause, String detail) {
    }

    private final ConnectionRegistry registry;
    private final String id;
    private final String topic;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> watchdog;
    private volatile ScheduledFuture<?> keepAlive;

    /**
     * Creates a connection that is not yet subscribed.
     *
     * @param registry the registry of the transport the client arrived by
     * @param topic the accepted topic
     */
    protected AbstractStreamConnection(ConnectionRegistry registry, String topic) {
        this.registry = registry;
        this.id = registry.nextId();
        this.topic = topic;
    }

    /** Returns the registry of the transport this connection belongs to. */
    protected final ConnectionRegistry registry() {
        return registry;
    }

    /** Returns this connection's writer; the same one every time. */
    protected abstract StreamWriter<?> writer();

    /**
     * Queues what the client gets before any event (an opening comment, a resync marker); called once, before
     * {@link StreamOpened}.
     *
     * @param subscribed the new subscription, which tells whether a resynchronisation is needed
     */
    protected abstract void prepareFirstWrites(Subscription subscribed);

    /**
     * Returns how often {@link #keepAliveDue()} runs.
     *
     * @param options the hub's options
     * @return the interval; zero for none
     */
    protected abstract Duration keepAliveInterval(StreamOptions options);

    /** The keep-alive interval has passed; called on the timer thread, so it must not block. */
    protected abstract void keepAliveDue();

    /**
     * Returns the detail {@link StreamClosed} carries for a cause the library noticed.
     *
     * @param cause the cause
     * @return the detail, possibly empty
     */
    protected abstract String detailOf(CloseCause cause);

    /**
     * Classifies a failed write.
     *
     * @param failure what the container reported
     * @return the cause {@link StreamClosed} reports
     */
    protected abstract CloseCause causeOfWriteFailure(Throwable failure);

    /**
     * Ends the connection for a cause the library noticed: {@link #closeOnce}, then the transport's goodbye.
     *
     * @param cause the cause
     * @param detail the detail {@link StreamClosed} carries
     * @param failure the write failure behind it, or {@code null}
     */
    protected abstract void closeFor(CloseCause cause, String detail, Throwable failure);

    /**
     * Subscribes (replaying after {@code lastEventId}), fires {@link StreamOpened}, then starts writing and timing.
     * Called once, on the thread that accepted the client.
     *
     * @param lastEventId the id of the last event the client saw, or {@code null} for live events only
     */
    public final void open(String lastEventId) {
        open(registry.hub().subscribe(topic, lastEventId, this));
    }

    /**
     * Opens with a subscription made earlier for this connection (a {@link HeldSubscription} it claimed, whose
     * hub callbacks now reach this connection): fires {@link StreamOpened}, then starts writing, beginning with
     * whatever the subscription's cursor already holds. Called once, instead of {@link #open(String)}.
     *
     * @param subscribed the subscription, whose listener leads to this connection
     */
    public final void open(Subscription subscribed) {
        subscription = subscribed;
        writer().attach(subscribed);
        if (subscribed.isClosed()) {                           // the hub has shut down: never opened
            close(CloseCause.SHUTDOWN);
            return;
        }
        registry.register(this);
        prepareFirstWrites(subscribed);
        registry.events().fireOpened(new StreamOpened(this));
        if (!state.compareAndSet(State.OPENING, State.OPEN)) {
            Ending raced = ending.get();                       // a close raced the opening: report it now
            registry.events().fireClosed(new StreamClosed(this, raced.cause(), raced.detail()));
            return;
        }
        writer().start();
        startTimers(registry.options());
    }

    private void startTimers(StreamOptions options) {
        long timeoutNanos = options.writeTimeout().toNanos();
        long checkMillis = Math.max(10, options.writeTimeout().toMillis() / 4);
        watchdog = registry.timer().scheduleWithFixedDelay(() -> {
            if (writer().isSendOverdue(timeoutNanos)) {
                LOG.log(Level.DEBUG, () -> String.format(LOG_TIMEOUT, name(), id, topic, options.writeTimeout()));
                closeOnExecutor(CloseCause.WRITE_TIMEOUT, detailOf(CloseCause.WRITE_TIMEOUT), null);
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        long keepAliveMillis = keepAliveInterval(options).toMillis();
        if (keepAliveMillis > 0) {
            keepAlive = registry.timer().scheduleAtFixedRate(this::keepAliveDue, keepAliveMillis, keepAliveMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public final void onAvailable(Subscription ignored) {
        writer().signal();
    }

    @Override
    public final void onClosed(Subscription ignored, CloseCause cause) {
        if (isOpen()) {
            closeOnExecutor(cause, detailOf(cause), null);     // may be a broadcaster's thread: hand it over
        }
    }

    @Override
    public final void writeFailed(Throwable failure) {
        if (isOpen()) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_WRITE_FAILED, name(), id, topic, failure));
            closeOnExecutor(causeOfWriteFailure(failure), String.valueOf(failure), failure);   // may be an I/O thread
        }
    }

    @Override
    public final void overflowed() {
        closeOnExecutor(CloseCause.OVERFLOW, detailOf(CloseCause.OVERFLOW), null);
    }

    /**
     * Closes for a cause the server noticed, such as shutdown, in the transport's way.
     *
     * @param cause the cause
     */
    public final void close(CloseCause cause) {
        closeFor(cause, detailOf(cause), null);
    }

    /**
     * Closes on the executor, since the caller's thread (a broadcaster's, the timer, a container I/O thread) must
     * not block; closes here when the executor refuses, as it does while the application stops.
     *
     * @param cause the cause
     * @param detail the detail {@link StreamClosed} carries
     * @param failure the write failure behind it, or {@code null}
     */
    protected final void closeOnExecutor(CloseCause cause, String detail, Throwable failure) {
        Runnable closing = () -> closeFor(cause, detail, failure);
        try {
            registry.executor().execute(closing);
        } catch (RuntimeException rejected) {                  // the application is stopping: close here
            closing.run();
        }
    }

    /**
     * Ends the connection if no one has: unsubscribes, stops the writer and timers, unregisters, and fires
     * {@link StreamClosed} if {@link StreamOpened} was fired. Only the first caller gets {@code true}; it then tells
     * the client, after this returns.
     *
     * @param cause the cause {@link StreamClosed} reports
     * @param detail the detail {@link StreamClosed} carries
     * @return {@code true} for the first caller only
     */
    protected final boolean closeOnce(CloseCause cause, String detail) {
        if (!ending.compareAndSet(null, new Ending(cause, detail))) {
            return false;
        }
        State previous = state.getAndSet(State.CLOSED);
        writer().stop();
        cancel(watchdog);
        cancel(keepAlive);
        Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.close(cause);
        }
        registry.unregister(this);
        if (previous == State.OPEN) {
            registry.events().fireClosed(new StreamClosed(this, cause, detail));
        }
        return true;
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Returns the transport's name for log lines: {@code WebSocket} or {@code SSE}. */
    private String name() {
        return transport() == Transport.SSE ? "SSE" : "WebSocket";
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String topic() {
        return topic;
    }

    @Override
    public final Transport transport() {
        return registry.transport();
    }

    @Override
    public final boolean isOpen() {
        return state.get() != State.CLOSED;
    }

    @Override
    public final boolean send(ServerSentEvent event) {
        return isOpen() && writer().sendDirect(event);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + ", topic=" + topic + ", " + state.get() + "]";
    }
}
