package dev.melody.stream.impl.sse;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.impl.connection.Connection;
import dev.melody.stream.impl.connection.Ending;
import dev.melody.stream.impl.connection.TransportChannel;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * What SSE adds to a {@link Connection}: each event through {@link SseEventSink#send}, a heartbeat comment as
 * keep-alive, and a completed response as goodbye.
 *
 * <p><b>Role.</b> The {@link TransportChannel} of one {@link SseEventSink}: events built with the container's
 * {@link Sse} ({@link SseEventFormat}); the opening comment (which also sends the headers at once) and the resync
 * marker first; a heartbeat comment every {@code sseHeartbeat}, written only when nothing else is waiting (several
 * servers never report a closed client; the heartbeat makes its next write fail); and the goodbye: telling the
 * broadcaster's {@code onClose}/{@code onError} consumers, then completing the sink. A failed write is how a closed
 * client shows up, so one caused by an {@link IOException} or {@link IllegalStateException} counts as
 * {@link CloseCause#CLIENT_CLOSED}.
 *
 * <p><b>Where it drains.</b> Where the container has a thread on which a failed write is quiet and a send never
 * blocks ({@link SseSendThread}: Undertow's I/O thread of the request), every drain after the first successful send
 * starts on that thread, in one task per wake-up for all the streams of that thread, and continues on the sends'
 * completions there; so a client that went away is found there, without a hand-off per send. The first send, which
 * commits the response (status, headers, the application's response filters), runs on the writers pool with the
 * application's context. Sends run with the application's context class loader wherever they run. Elsewhere every
 * drain runs on the writers pool.
 *
 * <p><b>Batches.</b> Where the library's own body writer ({@link SseEventBodyWriter}, on Jersey) is seen writing the
 * stream, events waiting together are written together ({@link #combine}): one write and one flush for up to
 * {@value #BATCH} events.
 *
 * <p><b>Thread-safety.</b> The drain callbacks run on the writer's drain only; {@link #keepAliveDue()} on the timer.
 *
 * <p><b>Lifecycle.</b> Created by {@link SseTopicBroadcaster} for each registered sink (the resource's, after the
 * access check, or an application's), with its {@link Connection}; discarded when it ends.
 */
final class SseChannel implements TransportChannel<OutboundSseEvent> {

    /** The most events written together. */
    static final int BATCH = 32;

    private static final System.Logger LOG = System.getLogger(SseChannel.class.getName());

    private final SseEventSink sink;
    private final Sse sse;
    private final SseTopicBroadcaster broadcaster;
    private final Principal principal;
    private final Duration heartbeat;
    private final Executor sendThread;                  // null: drain on the writers pool only
    private final ClassLoader loader;                   // the application's, for sends on container threads
    private final BiConsumer<Object, Throwable> onSent = this::completed;
    private Connection connection;                      // set once by bind, before any other callback
    private volatile boolean committed;                 // a send has succeeded: the response is committed
    private volatile boolean library;                   // the library's own body writer writes this stream
    private volatile Completion inFlight;

    /**
     * Creates the channel of one sink.
     *
     * @param sink the client's sink
     * @param sse the container's {@link Sse}, to build the events with
     * @param broadcaster the topic's broadcaster, told when the stream ends
     * @param principal the authenticated user, or {@code null}
     * @param heartbeat how often a heartbeat comment is due
     * @param sendThread the thread to drain on once the response is committed, or {@code null} for the pool's
     */
    SseChannel(SseEventSink sink, Sse sse, SseTopicBroadcaster broadcaster, Principal principal, Duration heartbeat,
               Executor sendThread) {
        this.sink = sink;
        this.sse = sse;
        this.broadcaster = broadcaster;
        this.principal = principal;
        this.heartbeat = heartbeat;
        this.sendThread = sendThread;
        this.loader = Thread.currentThread().getContextClassLoader();
    }

    @Override
    public void bind(Connection owner) {
        this.connection = owner;
    }

    Connection connection() {
        return connection;
    }

    SseEventSink sink() {
        return sink;
    }

    @Override
    public List<OutboundSseEvent> prelude(boolean resync) {
        List<OutboundSseEvent> first = new ArrayList<>(2);
        first.add(SseEventFormat.comment(sse, SseEventFormat.COMMENT_OPEN));
        if (resync) {
            first.add(SseEventFormat.outbound(sse, StreamMarkers.resync()));
        }
        return first;
    }

    @Override
    public Executor drainExecutor() {
        return committed ? sendThread : null;
    }

    @Override
    public boolean continuesOnCompletionThread() {
        return sendThread != null;
    }

    @Override
    public boolean marksGaps() {
        return true;
    }

    @Override
    public Duration keepAliveInterval() {
        return Duration.ofMillis(Math.max(1, heartbeat.toMillis()));
    }

    @Override
    public boolean keepAliveDue() {
        return true;
    }

    @Override
    public boolean mustAwaitAcknowledgement() {
        return false;
    }

    /** Writes a heartbeat comment only when nothing else is waiting. */
    @Override
    public OutboundSseEvent keepAlive(OutboundSseEvent next) {
        return next != null ? next : SseEventFormat.comment(sse, SseEventFormat.COMMENT_HEARTBEAT);
    }

    @Override
    public OutboundSseEvent encode(ServerSentEvent event) {
        return SseEventFormat.outbound(sse, event);
    }

    @Override
    public void send(OutboundSseEvent event, Completion done) {
        inFlight = done;
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        boolean switched = loader != null && previous != loader;
        if (switched) {
            current.setContextClassLoader(loader);
        }
        boolean probing = !library;
        if (probing) {
            SseEventBodyWriter.SENDING.set(this);
        }
        try {
            sink.send(event).whenComplete(onSent);
        } finally {
            if (probing) {
                SseEventBodyWriter.SENDING.remove();
            }
            if (switched) {
                current.setContextClassLoader(previous);
            }
        }
    }

    /** The library's own body writer wrote a message of this stream: from now on, waiting events go out together. */
    void writtenByLibrary() {
        library = true;
    }

    /**
     * Up to {@value #BATCH} events per send where the library's body writer writes the stream (Jersey writes on the
     * sending thread, where that is seen), else one: another writer would not know a batch.
     */
    @Override
    public int batchLimit() {
        return library ? BATCH : 1;
    }

    @Override
    public OutboundSseEvent combine(List<OutboundSseEvent> messages) {
        return sse.newEventBuilder().mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(SseEventBatch.class, new SseEventBatch(List.copyOf(messages))).build();
    }

    private void completed(Object ignored, Throwable failure) {
        if (failure == null && !committed) {
            committed = true;
        }
        inFlight.completed(failure);
    }

    @Override
    public CloseCause classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof IllegalStateException) {
                return CloseCause.CLIENT_CLOSED;
            }
        }
        return CloseCause.ERROR;
    }

    /** Completes the stream; the code and reason are WebSocket notions and only recorded in {@code StreamClosed}. */
    @Override
    public Ending closeRequested(int code, String reason) {
        return new Ending(CloseCause.SERVER_CLOSED, (code + " " + (reason == null ? "" : reason)).trim(), null, null);
    }

    /** Tells the broadcaster's consumers, then completes the sink. */
    @Override
    public void goodbye(Ending ending) {
        broadcaster.closed(this, ending.failure());
        try {
            sink.close();
        } catch (Exception e) {                                // JAX-RS 4.0 declares IOException
            LOG.log(Level.DEBUG, () -> "SSE " + connection.id() + " sink did not close cleanly: " + e);
        }
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }
}
