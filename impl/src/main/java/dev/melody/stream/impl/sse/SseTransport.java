package dev.melody.stream.impl.sse;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.Topics;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.connection.ConnectionRegistry;
import dev.melody.stream.impl.connection.LifecycleEvents;
import dev.melody.stream.impl.connection.StreamThreads;
import dev.melody.stream.sse.SseBroadcasters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSE transport's per-application state: the per-topic broadcasters, the registry of open streams, and the
 * library's implementation of {@link SseBroadcasters}.
 *
 * <p><b>Role.</b> What every SSE {@link dev.melody.stream.impl.connection.Connection} shares, in its
 * {@link ConnectionRegistry}: the hub and its options, the executor its writer drains on and the timer its heartbeats and write-timeout checks run on (the
 * application's {@link StreamThreads}, shared with the WebSocket transport), the events {@link StreamOpened} and
 * {@link StreamClosed}, and the set of open streams, which it completes when the application stops; besides, the
 * access check and the per-topic broadcasters ({@link SseTopicBroadcaster}), which applications that use the JAX-RS
 * SSE API obtain through the API type: {@code @Inject SseBroadcasters} (this bean is its only implementation).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; the maps are concurrent.
 *
 * <p><b>Lifecycle.</b> One per application ({@code @ApplicationScoped}), created on first use; destroyed when the
 * application stops, which closes every broadcaster and completes every remaining stream.
 */
@ApplicationScoped
public class SseTransport implements SseBroadcasters {

    static final String LOG_SHUTDOWN = "Completing %d SSE stream(s): the application is stopping";

    private static final System.Logger LOG = System.getLogger(SseTransport.class.getName());

    @Inject
    ServerSentEventHub hub;
    @Inject
    StreamAccess access;
    @Inject
    StreamThreads threads;
    @Inject
    BeanManager beans;

    private final ConcurrentHashMap<String, SseTopicBroadcaster> broadcasters = new ConcurrentHashMap<>();
    private ConnectionRegistry registry;
    private PathTemplate template;              // null when ssePath is empty

    @PostConstruct
    void start() {
        registry = new ConnectionRegistry(Transport.SSE, hub, threads, new LifecycleEvents(beans));
        String path = hub.options().ssePath();
        template = path.isEmpty() ? null : new PathTemplate(path);
    }

    @PreDestroy
    void stop() {
        int open = registry.size();
        if (open > 0) {
            LOG.log(Level.INFO, String.format(LOG_SHUTDOWN, open));
        }
        broadcasters.values().forEach(SseTopicBroadcaster::shutdown);
        registry.closeAll(CloseCause.SHUTDOWN);
    }

    /**
     * Returns the hub-backed broadcaster of a topic, creating it on first use (see {@link SseBroadcasters}). Its
     * {@code broadcast} reaches every subscriber of the topic, SSE and WebSocket alike; each sink registered with it
     * gets its own bounded queue and writer, so a slow client never delays the others.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param sse the container's {@link Sse} ({@code @Context Sse}), used to build the events of sinks registered
     *     through {@link SseBroadcaster#register}
     * @return the topic's broadcaster; the same one for every caller until it is closed
     * @throws IllegalArgumentException if the topic is invalid
     */
    @Override
    public SseBroadcaster forTopic(String topic, Sse sse) {
        return topicBroadcaster(topic, Objects.requireNonNull(sse, "sse"));
    }

    /** The same as {@link #forTopic}, under its former name, for this package's tests. */
    SseBroadcaster broadcaster(String topic, Sse sse) {
        return forTopic(topic, sse);
    }

    SseTopicBroadcaster topicBroadcaster(String topic, Sse sse) {
        Topics.requireValid(topic);
        return broadcasters.compute(topic,
                (t, existing) -> existing == null || existing.isClosed() ? new SseTopicBroadcaster(t, sse, this)
                        : existing);
    }

    /** Forgets a closed broadcaster, so the next caller gets a new one. */
    void retire(SseTopicBroadcaster broadcaster) {
        broadcasters.remove(broadcaster.topic(), broadcaster);
    }

    /** Forgets a broadcaster that has neither sinks nor consumers left. NOTE: a racing register may keep using it. */
    void retireIfUnused(SseTopicBroadcaster broadcaster) {
        broadcasters.computeIfPresent(broadcaster.topic(),
                (t, existing) -> existing == broadcaster && broadcaster.isUnused() ? null : existing);
    }

    /**
     * Returns the number of open SSE streams.
     *
     * @return the count
     */
    public int openConnections() {
        return registry.size();
    }

    ServerSentEventHub hub() {
        return hub;
    }

    StreamAccess access() {
        return access;
    }

    /** Returns the configured path template, or {@code null} when the SSE transport is disabled. */
    PathTemplate template() {
        return template;
    }

    ConnectionRegistry registry() {
        return registry;
    }
}
