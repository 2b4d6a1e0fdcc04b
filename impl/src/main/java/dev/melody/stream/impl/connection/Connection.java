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
import dev.melody.stream.impl.connection.ConnectionWriter.WriterLimits;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection of either transport: its hub subscription, its single {@link ConnectionWriter}, its state
 * and its one way out; what is the transport's is its {@link TransportChannel}.
 *
 * <p><b>Role.</b> Owns exactly one {@link Subscription} and one writer. Applications see it as the
 * {@link StreamConnection} returned by {@link #view()}, which exposes nothing else; the hub signals it through a
 * listener of its own, and its writer reports to it through another. Whatever ends the connection (a write failure
 * or timeout, overflow, an unanswered keep-alive, hub shutdown, undeploy, the client, the container, the
 * application) calls {@link #end(Ending)}; the first call wins: it unsubscribes, stops the writer, unregisters,
 * fires {@link StreamClosed}, then has the channel tell the client goodbye ({@link TransportChannel#goodbye}).
 *
 * <p><b>State.</b> {@code OPENING → OPEN → CLOSED}, changed by CAS. {@link StreamOpened} is fired once, before the
 * first message is written and before {@link StreamClosed}; an end that races the opening is recorded and reported
 * by the opening thread right after {@code StreamOpened}. {@code StreamClosed} is fired exactly once for every
 * connection that fired {@code StreamOpened}.
 *
 * <p><b>Timers.</b> None of its own: its registry's one sweep calls {@link #sweep} every quarter of the shorter of
 * {@code writeTimeout} and the keep-alive interval, which ends a connection whose send has been stuck for
 * {@code writeTimeout} ({@link CloseCause#WRITE_TIMEOUT}) and asks the channel for a keep-alive when its interval
 * has passed.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread. Hub callbacks come from broadcasting
 * threads, writer callbacks from container completion threads, sweeps from the timer: each hands an end, which may
 * block, to the writers pool ({@link #endLater}).
 *
 * <p><b>Lifecycle.</b> Created by its transport for an accepted client; {@link #open(String)} or
 * {@link #open(Subscription)} once; ends at the first {@link #end}.
 */
public final class Connection {

    static final String LOG_WRITE_FAILED = "%s %s (topic '%s') closed: write failed: %s";
    static final String LOG_TIMEOUT = "%s %s (topic '%s') closed: no write completed within %s";

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    /** The connection's state; see the class description. */
    public enum State { OPENING, OPEN, CLOSED }

    private final ConnectionRegistry registry;
    private final TransportChannel<?> channel;
    private final ConnectionWriter<?> writer;
    private final String id;
    private final String topic;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private final StreamConnection view = new View();
    private final SubscriptionListener hubListener = new HubListener();
    private final long keepAliveNanos;
    private volatile Subscription subscription;
    private volatile long lastKeepAliveNanos;

    /**
     * Creates a connection that is not yet subscribed, and binds its channel to it.
     *
     * @param registry the registry of the transport the client arrived by
     * @param topic the accepted topic
     * @param channel the transport's channel for this client
     * @param <M> the channel's message type
     */
    public <M> Connection(ConnectionRegistry registry, String topic, TransportChannel<M> channel) {
        this.registry = registry;
        this.id = registry.nextId();
        this.topic = topic;
        this.channel = channel;
        channel.bind(this);
        StreamOptions options = registry.options();
        this.writer = new ConnectionWriter<>(channel, registry.drains(), registry::drainsOn,
                new WriterLimits(options.subscriberBuffer(), options.overflowPolicy()), new WriterListener());
        this.keepAliveNanos = channel.keepAliveInterval().toNanos();
    }

    /**
     * Returns what applications see of this connection: the {@link StreamConnection} in its events.
     *
     * @return the same view every time
     */
    public StreamConnection view() {
        return view;
    }

    /**
     * Returns the listener the hub signals this connection through, for a subscription made for it elsewhere (a
     * {@link HeldSubscription} it claims).
     *
     * @return the listener
     */
    public SubscriptionListener hubListener() {
        return hubListener;
    }

    /**
     * Subscribes (replaying after {@code lastEventId}), fires {@link StreamOpened}, then starts writing.
     * Called once, on the thread that accepted the client.
     *
     * @param lastEventId the id of the last event the client saw, or {@code null} for live events only
     */
    public void open(String lastEventId) {
        open(registry.hub().subscribe(topic, lastEventId, hubListener));
    }

    /**
     * Opens with a subscription made earlier for this connection, whose listener leads here
     * ({@link #hubListener()}): fires {@link StreamOpened}, then starts writing, beginning with whatever the
     * subscription's cursor already holds. Called once, instead of {@link #open(String)}.
     *
     * @param subscribed the subscription
     */
    public void open(Subscription subscribed) {
        subscription = subscribed;
        writer.attach(subscribed);
        if (subscribed.isClosed()) {                           // the hub has shut down: never opened
            end(Ending.of(CloseCause.SHUTDOWN));
            return;
        }
        registry.register(this);
        prelude(channel, subscribed.resyncRequired());
        registry.events().fireOpened(new StreamOpened(view));
        if (!state.compareAndSet(State.OPENING, State.OPEN)) {
            Ending raced = ending.get();                       // an end raced the opening: report it now
            registry.events().fireClosed(new StreamClosed(view, raced.cause(), raced.detail()));
            return;
        }
        lastKeepAliveNanos = System.nanoTime();
        writer.start();
    }

    @SuppressWarnings("unchecked")
    private <M> void prelude(TransportChannel<M> typed, boolean resync) {
        ConnectionWriter<M> own = (ConnectionWriter<M>) writer;
        typed.prelude(resync).forEach(own::writeFirst);
    }

    /**
     * Ends the connection for a cause the library noticed, with the cause's detail and goodbye.
     *
     * @param cause the cause
     */
    public void end(CloseCause cause) {
        end(Ending.of(cause));
    }

    /**
     * The one way out: ends the connection if no one has. Unsubscribes, stops the writer, unregisters, fires
     * {@link StreamClosed} if {@link StreamOpened} was fired, then has the channel tell the client goodbye. Only
     * the first caller does anything.
     *
     * @param cause the cause {@link StreamClosed} reports
     * @param detail the detail {@link StreamClosed} carries
     * @param failure the failure behind it, or {@code null}
     * @return {@code true} for the first caller only
     */
    public boolean end(CloseCause cause, String detail, Throwable failure) {
        return end(new Ending(cause, detail, failure, null));
    }

    /**
     * The one way out, with the transport's own farewell; see {@link #end(CloseCause, String, Throwable)}.
     *
     * @param how how the connection ends
     * @return {@code true} for the first caller only
     */
    public boolean end(Ending how) {
        if (!ending.compareAndSet(null, how)) {
            return false;
        }
        State previous = state.getAndSet(State.CLOSED);
        writer.stop();
        Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.close(how.cause());
        }
        registry.unregister(this);
        if (previous == State.OPEN) {
            registry.events().fireClosed(new StreamClosed(view, how.cause(), how.detail()));
        }
        channel.goodbye(how);
        return true;
    }

    /**
     * Ends on the writers pool, since the caller's thread (a broadcaster's, the timer, a container I/O thread) must
     * not block; ends here when the pool refuses, as it does while the application stops.
     *
     * @param how how the connection ends
     */
    public void endLater(Ending how) {
        Runnable ending = () -> end(how);
        try {
            registry.executor().execute(ending);
        } catch (RuntimeException rejected) {                  // the application is stopping: end here
            ending.run();
        }
    }

    /** The client acknowledged what it was sent (see {@link TransportChannel#mustAwaitAcknowledgement()}). */
    public void acknowledged() {
        writer.acknowledged();
    }

    /**
     * Checks the timers: a send stuck for longer than {@code writeTimeout} ends the connection, and a keep-alive
     * interval that passed asks the channel for one. Called by the registry's sweep, on the timer thread.
     *
     * @param nowNanos the sweep's {@link System#nanoTime()}
     * @param writeTimeoutNanos the longest a send may take
     */
    void sweep(long nowNanos, long writeTimeoutNanos) {
        if (state.get() != State.OPEN) {
            return;
        }
        if (writer.isSendOverdue(writeTimeoutNanos, nowNanos)) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_TIMEOUT, name(), id, topic, registry.options().writeTimeout()));
            endLater(Ending.of(CloseCause.WRITE_TIMEOUT));
        } else if (keepAliveNanos > 0 && nowNanos - lastKeepAliveNanos >= keepAliveNanos) {
            lastKeepAliveNanos = nowNanos;
            if (channel.keepAliveDue()) {
                writer.requestKeepAlive();
            } else {
                endLater(Ending.of(CloseCause.IDLE_TIMEOUT));
            }
        }
    }

    /** Returns the transport's name for log lines: {@code WebSocket} or {@code SSE}. */
    private String name() {
        return registry.transport() == Transport.SSE ? "SSE" : "WebSocket";
    }

    /**
     * Returns the connection's id: {@code ws-1}, {@code sse-1} ….
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the accepted topic.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Tells whether the connection has not ended.
     *
     * @return {@code true} until the first end
     */
    public boolean isOpen() {
        return state.get() != State.CLOSED;
    }

    /**
     * Returns the connection's state.
     *
     * @return the state
     */
    public State state() {
        return state.get();
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", topic=" + topic + ", " + state.get() + ", " + writer + "]";
    }

    /** What applications see: {@link StreamConnection} and nothing else. */
    private final class View implements StreamConnection {

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
            return registry.transport();
        }

        @Override
        public Optional<Principal> principal() {
            return channel.principal();
        }

        @Override
        public boolean isOpen() {
            return Connection.this.isOpen();
        }

        @Override
        public boolean send(ServerSentEvent event) {
            return Connection.this.isOpen() && writer.sendDirect(event);
        }

        @Override
        public void close(int code, String reason) {
            end(channel.closeRequested(code, reason));
        }

        @Override
        public String toString() {
            return Connection.this.toString();
        }
    }

    /** The hub's signals: more events, or the subscription ended. */
    private final class HubListener implements SubscriptionListener {

        @Override
        public void onAvailable(Subscription ignored) {
            writer.signal();
        }

        @Override
        public void onClosed(Subscription ignored, CloseCause cause) {
            if (isOpen()) {
                endLater(Ending.of(cause));                    // may be a broadcaster's thread: hand it over
            }
        }
    }

    /** The writer's reports: a failed write, or a client too slow. */
    private final class WriterListener implements ConnectionWriter.Listener {

        @Override
        public void writeFailed(Throwable failure) {
            if (isOpen()) {
                LOG.log(Level.DEBUG, () -> String.format(LOG_WRITE_FAILED, name(), id, topic, failure));
                CloseCause cause = failure instanceof RejectedExecutionException ? CloseCause.SHUTDOWN
                        : channel.classify(failure);         // a refusing pool: the application is stopping
                endLater(new Ending(cause, String.valueOf(failure), failure, null));
            }
        }

        @Override
        public void overflowed() {
            endLater(Ending.of(CloseCause.OVERFLOW));
        }
    }
}
