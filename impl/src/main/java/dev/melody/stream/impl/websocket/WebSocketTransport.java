package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.connection.ConnectionRegistry;
import dev.melody.stream.impl.connection.LifecycleEvents;
import dev.melody.stream.impl.connection.StreamThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionStage;

/**
 * The WebSocket transport's per-application state: the registry of open connections and the inbound-message
 * events.
 *
 * <p><b>Role.</b> What every WebSocket {@link dev.melody.stream.impl.connection.Connection} shares, in its {@link ConnectionRegistry}: the hub and its
 * options, the executor its writer drains on and the timer its write-timeout and ping checks run on (the
 * application's {@link StreamThreads}, shared with the SSE transport), the events {@link StreamOpened} and
 * {@link StreamClosed}, and the set of open connections, which it closes with 1001 when the application stops;
 * besides, the {@link InboundMessage} events.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; the registry is concurrent.
 *
 * <p><b>Lifecycle.</b> One per application ({@code @ApplicationScoped}), created on the first handshake; destroyed
 * when the application stops, which closes the remaining connections.
 */
@ApplicationScoped
public class WebSocketTransport {

    static final String LOG_SHUTDOWN = "Closing %d WebSocket connection(s): the application is stopping";

    private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    @Inject
    ServerSentEventHub hub;
    @Inject
    StreamThreads threads;
    @Inject
    BeanManager beans;
    @Inject
    Event<InboundMessage> inbound;

    private ConnectionRegistry registry;

    @PostConstruct
    void start() {
        registry = new ConnectionRegistry(Transport.WEBSOCKET, hub, threads, new LifecycleEvents(beans));
    }

    @PreDestroy
    void stop() {
        int open = registry.size();
        if (open > 0) {
            LOG.log(Level.INFO, String.format(LOG_SHUTDOWN, open));
        }
        registry.closeAll(CloseCause.SHUTDOWN);
    }

    /**
     * Returns the number of open connections.
     *
     * @return the count
     */
    public int openConnections() {
        return registry.size();
    }

    ConnectionRegistry registry() {
        return registry;
    }

    StreamOptions options() {
        return hub.options();
    }

    /** Fires synchronously; an observer's exception reaches the caller, which closes that connection. */
    void fireInbound(InboundMessage message) {
        inbound.fire(message);
    }

    CompletionStage<InboundMessage> fireInboundAsync(InboundMessage message) {
        return inbound.fireAsync(message);
    }
}
