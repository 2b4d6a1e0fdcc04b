package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket transport's per-application state: open connections, threads, and the CDI events it fires.
 *
 * <p><b>Role.</b> What every {@link WebSocketConnection} shares: the hub and its options, the executor its writer
 * drains on and the timer its write-timeout and ping checks run on ({@link WebSocketThreads}), the events
 * {@link StreamOpened}, {@link StreamClosed} and {@link InboundMessage}, and the set of open connections, which it
 * closes with 1001 when the application stops.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; the connection set is concurrent.
 *
 * <p><b>Lifecycle.</b> One per application ({@code @ApplicationScoped}), created on the first handshake; destroyed
 * when the application stops, which closes the remaining connections and stops the threads it owns.
 */
@ApplicationScoped
public class WebSocketTransport {

    static final String LOG_SHUTDOWN = "Closing %d WebSocket connection(s): the application is stopping";

    private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    @Inject
    ServerSentEventHub hub;
    @Inject
    Event<StreamOpened> opened;
    @Inject
    Event<StreamClosed> closed;
    @Inject
    Event<InboundMessage> inbound;

    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private WebSocketThreads threads;

    @PostConstruct
    void start() {
        threads = WebSocketThreads.create();
    }

    @PreDestroy
    void stop() {
        List<WebSocketConnection> open = List.copyOf(connections);
        if (!open.isEmpty()) {
            LOG.log(Level.INFO, String.format(LOG_SHUTDOWN, open.size()));
        }
        open.forEach(connection -> connection.close(CloseCause.SHUTDOWN));
        threads.shutdown();
    }

    ServerSentEventHub hub() {
        return hub;
    }

    StreamOptions options() {
        return hub.options();
    }

    Executor executor() {
        return threads.executor();
    }

    ScheduledExecutorService timer() {
        return threads.timer();
    }

    String nextId() {
        return "ws-" + ids.incrementAndGet();
    }

    void register(WebSocketConnection connection) {
        connections.add(connection);
    }

    void unregister(WebSocketConnection connection) {
        connections.remove(connection);
    }

    /**
     * Returns the number of open connections.
     *
     * @return the count
     */
    public int openConnections() {
        return connections.size();
    }

    void fireOpened(StreamOpened event) {
        fireQuietly(opened, event);
    }

    void fireClosed(StreamClosed event) {
        fireQuietly(closed, event);
    }

    /** Fires synchronously; an observer's exception reaches the caller, which closes that connection. */
    void fireInbound(InboundMessage message) {
        inbound.fire(message);
    }

    CompletionStage<InboundMessage> fireInboundAsync(InboundMessage message) {
        return inbound.fireAsync(message);
    }

    private static <T> void fireQuietly(Event<T> event, T payload) {
        try {
            event.fire(payload);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of " + payload.getClass().getSimpleName() + " threw " + e
                    + "; the connection and the other observers are unaffected", e);
        }
    }
}
