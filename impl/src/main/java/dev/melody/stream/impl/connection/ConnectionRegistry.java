package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections of one transport, and what they share: the hub, the threads, the lifecycle events, the id
 * sequence, and one timer sweep.
 *
 * <p><b>Role.</b> What a {@link Connection} needs from its transport, in one place, so that both transports hand
 * their connections the same thing (as OmniFaces' {@code PushSessionManager} serves its socket and SSE sessions).
 * A connection registers itself once subscribed and unregisters when it ends; the transport ends what is left when
 * the application stops ({@link #closeAll}).
 *
 * <p><b>The sweep.</b> One task on the timer, every quarter of the shorter of {@code writeTimeout} and the
 * transport's keep-alive interval (at least {@value #MIN_SWEEP_MILLIS} ms), visits every open connection
 * ({@link Connection#sweep}): a stuck send is found between 1 and 1.25 times {@code writeTimeout} after it started,
 * and a keep-alive goes out between 1 and 1.25 intervals after the previous one. So a connection holds no timer
 * task of its own. The keep-alive interval is the WebSocket {@code idleTimeout} (zero: no pings) or the SSE
 * {@code sseHeartbeat}.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; the connection set is concurrent.
 *
 * <p><b>Lifecycle.</b> One per transport, created when the transport bean starts, which starts the sweep;
 * {@link #closeAll} stops it. It keeps the executor and timer it was given, so ending connections during shutdown
 * never goes back to {@link StreamThreads}.
 */
public final class ConnectionRegistry {

    static final long MIN_SWEEP_MILLIS = 10;

    private final Transport transport;
    private final ServerSentEventHub hub;
    private final StreamThreads threads;
    private final Executor executor;
    private final Drains drains;
    private final ScheduledExecutorService timer;
    private final LifecycleEvents events;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final StreamOptions options;
    private final Duration keepAlive;
    private final ScheduledFuture<?> sweep;

    /**
     * Creates the registry of one transport and starts its sweep.
     *
     * @param transport the transport whose connections this holds
     * @param hub the application's hub
     * @param threads the application's stream threads; read once, here
     * @param events the transport's lifecycle events
     */
    public ConnectionRegistry(Transport transport, ServerSentEventHub hub, StreamThreads threads,
                              LifecycleEvents events) {
        this.transport = transport;
        this.hub = hub;
        this.threads = threads;
        this.executor = threads.executor();
        this.drains = threads.drains();
        this.timer = threads.timer();
        this.events = events;
        this.options = hub.options();                         // read once: the hub's CDI proxy dies with the application
        this.keepAlive = switch (transport) {
            case WEBSOCKET -> options.idleTimeout();
            case SSE -> options.sseHeartbeat();
        };
        long writeTimeoutMillis = options.writeTimeout().toMillis();
        long shortest = keepAlive.isZero() ? writeTimeoutMillis : Math.min(writeTimeoutMillis, keepAlive.toMillis());
        long period = Math.max(MIN_SWEEP_MILLIS, shortest / 4);
        long writeTimeoutNanos = options.writeTimeout().toNanos();
        ScheduledFuture<?> scheduled;
        try {
            scheduled = timer.scheduleWithFixedDelay(() -> sweep(writeTimeoutNanos), period, period,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {        // the application is stopping
            scheduled = null;
        }
        this.sweep = scheduled;
    }

    private void sweep(long writeTimeoutNanos) {
        long now = System.nanoTime();
        for (Connection connection : connections) {
            try {
                connection.sweep(now, writeTimeoutNanos);
            } catch (RuntimeException e) {                     // one connection must never stop the sweep
                System.getLogger(ConnectionRegistry.class.getName()).log(System.Logger.Level.DEBUG,
                        () -> "Sweep of " + connection + " failed: " + e);
            }
        }
    }

    /** Returns the transport whose connections this holds. */
    public Transport transport() {
        return transport;
    }

    /** Returns the application's hub. */
    public ServerSentEventHub hub() {
        return hub;
    }

    /** Returns the hub's options. */
    public StreamOptions options() {
        return options;
    }

    /** Returns the executor ends are handed to. */
    public Executor executor() {
        return executor;
    }

    /** Returns the drains of the writers pool. */
    Drains drains() {
        return drains;
    }

    /** Returns the drains of a container I/O thread. */
    Drains drainsOn(Executor ioThread) {
        return threads.drainsOn(ioThread);
    }

    /** Returns the timer, for tasks that must not block. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Returns the lifecycle events of this transport. */
    public LifecycleEvents events() {
        return events;
    }

    /** Returns the transport's keep-alive interval: {@code idleTimeout} or {@code sseHeartbeat}. */
    public Duration keepAliveInterval() {
        return keepAlive;
    }

    /** Returns a new connection id: {@code ws-1}, {@code ws-2} … for WebSocket, {@code sse-1} … for SSE. */
    String nextId() {
        String prefix = switch (transport) {
            case WEBSOCKET -> "ws-";
            case SSE -> "sse-";
        };
        return prefix + ids.incrementAndGet();
    }

    void register(Connection connection) {
        connections.add(connection);
    }

    void unregister(Connection connection) {
        connections.remove(connection);
    }

    /**
     * Returns the number of open connections.
     *
     * @return the count
     */
    public int size() {
        return connections.size();
    }

    /**
     * Stops the sweep and ends every open connection, each for the given cause and in its transport's way.
     *
     * @param cause why, such as {@link CloseCause#SHUTDOWN}
     */
    public void closeAll(CloseCause cause) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        List.copyOf(connections).forEach(connection -> connection.end(cause));
    }
}
