package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections of one transport, and what they share: the hub, the threads, the lifecycle events and the
 * id sequence.
 *
 * <p><b>Role.</b> What an {@link AbstractStreamConnection} needs from its transport, in one place, so that both
 * transports hand their connections the same thing (as OmniFaces' {@code PushSessionManager} serves its socket and
 * SSE sessions). A connection registers itself once subscribed and unregisters on close; the transport closes what
 * is left when the application stops ({@link #closeAll}).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; the connection set is concurrent.
 *
 * <p><b>Lifecycle.</b> One per transport, created when the transport bean starts and dropped with it. It keeps the
 * executor and timer it was given, so closing connections during shutdown never goes back to {@link StreamThreads}.
 */
public final class ConnectionRegistry {

    private final Transport transport;
    private final ServerSentEventHub hub;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final LifecycleEvents events;
    private final Set<AbstractStreamConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Creates the registry of one transport.
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
        this.executor = threads.executor();
        this.timer = threads.timer();
        this.events = events;
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
        return hub.options();
    }

    /** Returns the executor writers drain on and closes are handed to. */
    public Executor executor() {
        return executor;
    }

    /** Returns the timer for write-timeout checks and keep-alives. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Returns the lifecycle events of this transport. */
    public LifecycleEvents events() {
        return events;
    }

    /** Returns a new connection id: {@code ws-1}, {@code ws-2} … for WebSocket, {@code sse-1} … for SSE. */
    String nextId() {
        String prefix = switch (transport) {
            case WEBSOCKET -> "ws-";
            case SSE -> "sse-";
        };
        return prefix + ids.incrementAndGet();
    }

    void register(AbstractStreamConnection connection) {
        connections.add(connection);
    }

    void unregister(AbstractStreamConnection connection) {
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
     * Closes every open connection, each for the given cause and in its transport's way.
     *
     * @param cause why, such as {@link CloseCause#SHUTDOWN}
     */
    public void closeAll(CloseCause cause) {
        List.copyOf(connections).forEach(connection -> connection.close(cause));
    }
}
