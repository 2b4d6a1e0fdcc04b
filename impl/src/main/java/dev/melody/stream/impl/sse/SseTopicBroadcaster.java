package dev.melody.stream.impl.sse;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.impl.connection.Connection;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hub-backed {@link SseBroadcaster} of one topic: the library's SSE resource fans out through it, and
 * applications that speak the JAX-RS SSE API obtain it with {@link dev.melody.stream.sse.SseBroadcasters#forTopic}.
 *
 * <p><b>Role.</b> Unlike the servers' own broadcasters (which block every client on one stalled sink, or cancel
 * subscribers that fall behind), each {@link #register registered} sink becomes one hub subscription with a
 * bounded queue and a single writer (a {@link Connection} with its {@link SseChannel}), and {@link #broadcast} only
 * hands the event to {@link dev.melody.stream.ServerSentEventHub#broadcast}: it never waits on a client, reaches the
 * topic's WebSocket clients too, and goes to the backplane if there is one. Its data must be a {@code String} (or absent).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread. {@code onClose} and {@code onError} consumers
 * are called at most once per sink, on whatever thread ended it; they must not block, and one that throws is
 * logged and does not affect the others.
 *
 * <p><b>Lifecycle.</b> One per topic while it has sinks or consumers, created by {@link SseTransport}. {@link #close()}
 * completes every sink registered through it (the resource's too); after that every method but {@code close}
 * throws {@link IllegalStateException}, and {@code SseBroadcasters.forTopic} hands out a new broadcaster. When the
 * application stops, {@link SseTransport} closes it (as {@code close} does, with cause {@code SHUTDOWN}).
 */
final class SseTopicBroadcaster implements SseBroadcaster {

    static final String ERROR_CLOSED = "The SseBroadcaster of topic '%s' is closed; obtain a new one from "
            + "SseBroadcasters.forTopic(topic, sse)";

    private static final System.Logger LOG = System.getLogger(SseTopicBroadcaster.class.getName());

    private final String topic;
    private final Sse sse;
    private final SseTransport transport;
    private final Set<SseChannel> channels = ConcurrentHashMap.newKeySet();
    private final List<Consumer<SseEventSink>> closeConsumers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorConsumers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SseTopicBroadcaster(String topic, Sse sse, SseTransport transport) {
        this.topic = topic;
        this.sse = sse;
        this.transport = transport;
    }

    String topic() {
        return topic;
    }

    SseTransport transport() {
        return transport;
    }

    @Override
    public void onError(BiConsumer<SseEventSink, Throwable> onError) {
        requireOpen();
        errorConsumers.add(onError);
    }

    @Override
    public void onClose(Consumer<SseEventSink> onClose) {
        requireOpen();
        closeConsumers.add(onClose);
    }

    /** Registers an application's sink: live events only, no replay, written with this broadcaster's {@link Sse}. */
    @Override
    public void register(SseEventSink sink) {
        register(sink, sse, null, null, null);
    }

    /**
     * Registers a sink with the details of its request.
     *
     * @param sink the client's sink
     * @param eventSse the container's {@link Sse} to build its events with
     * @param principal the authenticated user, or {@code null}
     * @param lastEventId the id to replay after, or {@code null} for live events only
     * @param sendThread the container thread to send on ({@link SseSendThread}), or {@code null} for none
     * @return the connection, already open unless the hub has shut down
     */
    Connection register(SseEventSink sink, Sse eventSse, Principal principal, String lastEventId,
                        Executor sendThread) {
        requireOpen();
        SseChannel channel = new SseChannel(sink, eventSse, this, principal,
                transport.registry().keepAliveInterval(), sendThread);
        Connection connection = new Connection(transport.registry(), topic, channel);
        channels.add(channel);
        connection.open(lastEventId);
        return connection;
    }

    /**
     * Broadcasts to every subscriber of the topic, SSE and WebSocket alike, through the hub.
     *
     * @return a stage completed with the number of local subscribers that accepted the event, or failed with an
     *     {@link IllegalArgumentException} when the event cannot be carried (non-text data, CR or LF in id or name)
     */
    @Override
    public CompletionStage<Integer> broadcast(OutboundSseEvent event) {
        requireOpen();
        try {
            ServerSentEvent hubEvent = SseEventFormat.inbound(event);
            return CompletableFuture.completedFuture(transport.hub().broadcast(topic, hubEvent));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A connection ended: forget it and tell the application's consumers. */
    void closed(SseChannel channel, Throwable failure) {
        if (!channels.remove(channel)) {
            return;
        }
        if (failure != null) {
            errorConsumers.forEach(consumer -> call(() -> consumer.accept(channel.sink(), failure)));
        }
        closeConsumers.forEach(consumer -> call(() -> consumer.accept(channel.sink())));
        transport.retireIfUnused(this);
    }

    private void call(Runnable consumer) {
        try {
            consumer.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An SseBroadcaster consumer of topic '" + topic + "' threw " + e
                    + "; the other consumers and sinks are unaffected", e);
        }
    }

    /** Tells whether this broadcaster holds neither sinks nor application consumers. */
    boolean isUnused() {
        return channels.isEmpty() && closeConsumers.isEmpty() && errorConsumers.isEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    /** Completes every sink registered through this broadcaster; idempotent. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes this broadcaster.
     *
     * @param cascading {@code true} to complete the registered sinks too, {@code false} to leave them open
     */
    @Override
    public void close(boolean cascading) {
        if (closed) {
            return;
        }
        closed = true;
        transport.retire(this);
        if (cascading) {
            List.copyOf(channels).forEach(channel -> channel.connection().end(CloseCause.SERVER_CLOSED));
        }
    }

    /** Completes every sink for a shutdown, whether or not this broadcaster was closed. */
    void shutdown() {
        closed = true;
        List.copyOf(channels).forEach(channel -> channel.connection().end(CloseCause.SHUTDOWN));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(String.format(ERROR_CLOSED, topic));
        }
    }
}
