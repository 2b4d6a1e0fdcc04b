package dev.melody.stream.impl.sse;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.connection.AbstractStreamConnection;
import dev.melody.stream.impl.connection.ConnectionRegistry;
import dev.melody.stream.impl.connection.StreamWriter.WriterLimits;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One SSE client: an {@link AbstractStreamConnection} over an {@link SseEventSink}, completed when it ends.
 *
 * <p><b>Role.</b> Adds to {@link AbstractStreamConnection} what is SSE's: the {@link SseWriter} of its sink, the
 * opening comment and resync marker written first, a heartbeat comment every {@code sseHeartbeat} (several servers
 * never report a closed client; the heartbeat makes its next write fail), and the goodbye: telling the
 * broadcaster's {@code onClose}/{@code onError} consumers, then completing the sink. A failed write is how a closed
 * client shows up, so one caused by an {@link IOException} or {@link IllegalStateException} counts as
 * {@link CloseCause#CLIENT_CLOSED}; where the container has a thread on which that failure is quiet, the writer
 * sends on it ({@link SseSendThread}), so a closed browser tab is not logged as an error.
 *
 * <p><b>Thread-safety.</b> As {@link AbstractStreamConnection}: every public method may be called from any thread.
 *
 * <p><b>Lifecycle.</b> Created by {@link SseTopicBroadcaster} for each registered sink (the resource's, after the
 * access check, or an application's); ends at the first close.
 */
final class SseConnection extends AbstractStreamConnection {

    static final String DETAIL_WRITE_TIMEOUT = "write timeout";
    static final String DETAIL_SHUTDOWN = "server shutting down";
    static final String DETAIL_TOO_SLOW = "too slow";

    private static final System.Logger LOG = System.getLogger(SseConnection.class.getName());

    private final SseEventSink sink;
    private final SseTopicBroadcaster broadcaster;
    private final Principal principal;
    private final SseWriter writer;

    SseConnection(SseEventSink sink, Sse sse, SseTopicBroadcaster broadcaster, Principal principal,
                  Executor sendThread) {
        super(broadcaster.transport().registry(), broadcaster.topic());
        this.sink = sink;
        this.broadcaster = broadcaster;
        this.principal = principal;
        StreamOptions options = registry().options();
        this.writer = new SseWriter(sink, sse, registry().executor(), sendThread,
                new WriterLimits(options.subscriberBuffer(), options.overflowPolicy()), this);
    }

    @Override
    protected SseWriter writer() {
        return writer;
    }

    @Override
    protected void prepareFirstWrites(Subscription subscribed) {
        writer.writePrelude(subscribed.resyncRequired());
    }

    @Override
    protected Duration keepAliveInterval(StreamOptions options) {
        return Duration.ofMillis(Math.max(1, options.sseHeartbeat().toMillis()));
    }

    @Override
    protected void keepAliveDue() {
        writer.requestKeepAlive();
    }

    @Override
    protected String detailOf(CloseCause cause) {
        return switch (cause) {
            case SHUTDOWN -> DETAIL_SHUTDOWN;
            case OVERFLOW -> DETAIL_TOO_SLOW;
            case WRITE_TIMEOUT -> DETAIL_WRITE_TIMEOUT;
            default -> "";
        };
    }

    @Override
    protected CloseCause causeOfWriteFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof IllegalStateException) {
                return CloseCause.CLIENT_CLOSED;
            }
        }
        return CloseCause.ERROR;
    }

    /** Ends the stream once ({@link #closeOnce}), then tells the broadcaster's consumers and completes the sink. */
    @Override
    protected void closeFor(CloseCause cause, String detail, Throwable failure) {
        if (closeOnce(cause, detail)) {
            broadcaster.closed(this, failure);
            closeSink();
        }
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (Exception e) {                                // JAX-RS 4.0 declares IOException
            LOG.log(Level.DEBUG, () -> "SSE " + id() + " sink did not close cleanly: " + e);
        }
    }

    SseEventSink sink() {
        return sink;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** Completes the stream; the code and reason are WebSocket notions and only recorded in {@link StreamClosed}. */
    @Override
    public void close(int code, String reason) {
        closeFor(CloseCause.SERVER_CLOSED, (code + " " + (reason == null ? "" : reason)).trim(), null);
    }
}
