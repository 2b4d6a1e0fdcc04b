package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a transport adds to a {@link Connection}: how one message is sent, how the client is kept alive and told
 * goodbye. The one per-transport interface of the connection layer; {@code WebSocketChannel} and
 * {@code SseChannel} implement it, and {@link Connection} and {@link ConnectionWriter} do everything else.
 *
 * <p><b>Callbacks, in lifecycle order, and what each may rely on.</b>
 * <ol>
 * <li>{@link #bind(Connection)}: once, while the connection is built, before any other callback.</li>
 * <li>{@link #prelude(boolean)}: once, on the accepting thread, before {@code StreamOpened}: what the client gets
 *     before any event.</li>
 * <li>{@link #continuesOnCompletionThread()}, {@link #marksGaps()}, {@link #keepAliveInterval()}: asked once
 *     each, when the writer is set up; the answers never change. {@link #drainExecutor()}: asked at each wake-up
 *     of the writer, on any thread; a channel may change its answer (SSE drains on the pool until its response is
 *     committed).</li>
 * <li>While open, on the writer's drain only (never concurrently, never on a broadcaster's thread):
 *     {@link #mustAwaitAcknowledgement()} before each write, {@link #keepAlive} once per requested keep-alive,
 *     {@link #encode} per event, {@link #batchLimit()} before each write and {@link #combine} when several messages
 *     wait, {@link #send} per message, with at most one send in flight. The completion given
 *     to {@code send} must be called exactly once, inline or later, on any thread.</li>
 * <li>{@link #keepAliveDue()}: on the timer thread every {@link #keepAliveInterval()}; must not block.</li>
 * <li>{@link #classify(Throwable)}: on any thread, for a failed send, before the connection ends.</li>
 * <li>{@link #goodbye(Ending)}: exactly once, by the first caller of {@link Connection#end}, after the
 *     subscription, writer and registration are gone and {@code StreamClosed} was fired; may block briefly (a close
 *     frame, completing a response), so the connection calls it from the writers' pool or a container thread,
 *     never from a broadcaster or the timer.</li>
 * </ol>
 * {@link #principal()} and {@link #closeRequested} may be called at any time, from any thread.
 *
 * <p><b>Thread-safety.</b> As the list says: the drain callbacks are serialized by the writer; the others may run
 * on any thread and must be safe for that.
 *
 * <p><b>Lifecycle.</b> One per connection, created by the transport for an accepted client, discarded with it.
 *
 * @param <M> the transport's message type
 */
public interface TransportChannel<M> {

    /** Reports the end of one {@link #send}. */
    @FunctionalInterface
    interface Completion {
        /**
         * The send ended.
         *
         * @param failure why it failed, or {@code null} if it succeeded
         */
        void completed(Throwable failure);
    }

    /**
     * The connection this channel serves; it is how the channel reports what its container tells it (a close, an
     * acknowledgement). Called once, first.
     *
     * @param connection the connection
     */
    void bind(Connection connection);

    /**
     * Returns what the client gets before any event, in order: an opening comment, the resync marker
     * ({@link StreamMarkers#resync()}) where the transport can carry it.
     *
     * @param resync {@code true} when the client's last event id could not be resumed
     * @return the messages, possibly none
     */
    List<M> prelude(boolean resync);

    /**
     * Returns where the writer's next drain starts: the connection's own I/O thread where the container allows
     * sends there without blocking (Undertow), or {@code null} for the application's writers pool. Must be cheap
     * and must not block: it is asked at every wake-up.
     *
     * @return the executor, or {@code null}
     */
    Executor drainExecutor();

    /**
     * Tells whether the drain may continue on the thread that completes a send, rather than going back to its
     * executor: only where that thread never blocks in {@link #send}.
     *
     * @return {@code true} to continue on the completion thread
     */
    boolean continuesOnCompletionThread();

    /**
     * Tells whether the transport's messages can carry the gap marker ({@link StreamMarkers#GAP}); where they cannot,
     * a gap ends the connection as too slow, so that it is never silent.
     *
     * @return {@code true} if gaps can be marked
     */
    boolean marksGaps();

    /**
     * Returns how often {@link #keepAliveDue()} runs.
     *
     * @return the interval; zero for none
     */
    Duration keepAliveInterval();

    /**
     * The keep-alive interval passed; called on the timer thread, must not block.
     *
     * @return {@code true} to have the writer send a keep-alive, {@code false} when the client is deemed gone (the
     *     previous keep-alive went unanswered): the connection ends with {@link CloseCause#IDLE_TIMEOUT}
     */
    boolean keepAliveDue();

    /**
     * Asked before each write, with no send in flight: the transport may ask the client to acknowledge what it was
     * sent, and says whether writing must wait for that. It calls {@link Connection#acknowledged()} when the
     * acknowledgement arrives, on any thread, possibly before this returns.
     *
     * @return {@code true} to send nothing until {@link Connection#acknowledged()}
     * @throws IOException if a request could not be sent; the write then fails
     */
    boolean mustAwaitAcknowledgement() throws IOException;

    /**
     * Handles a requested keep-alive, just before a send.
     *
     * @param next the message about to be sent, or {@code null} when nothing else waits
     * @return the message to send now (possibly {@code next}), or {@code null} for none
     * @throws IOException if a keep-alive the transport sends itself fails
     */
    M keepAlive(M next) throws IOException;

    /**
     * Encodes an event as the transport's message.
     *
     * @param event the event
     * @return the message
     */
    M encode(ServerSentEvent event);

    /**
     * Returns how many waiting messages may go out in one send ({@link #combine}); asked before each write.
     *
     * @return the most messages per send; 1 for one each
     */
    int batchLimit();

    /**
     * Combines waiting messages into one, written with one write and one flush; called only when
     * {@link #batchLimit()} allowed more than one and at least two wait.
     *
     * @param messages the messages, in order; at least two, at most {@link #batchLimit()}
     * @return one message that writes them all in that order
     */
    M combine(List<M> messages);

    /**
     * Starts one asynchronous send.
     *
     * @param message the message
     * @param done called exactly once when the send ends, inline or later, on any thread
     */
    void send(M message, Completion done);

    /**
     * Classifies a failed send.
     *
     * @param failure what the container reported
     * @return the cause {@code StreamClosed} reports
     */
    CloseCause classify(Throwable failure);

    /**
     * The application asked to close the connection ({@code StreamConnection.close(code, reason)}): returns how it
     * ends, which {@link Connection#end(Ending)} then records.
     *
     * @param code the WebSocket close code the application gave
     * @param reason the reason the application gave, possibly {@code null}
     * @return the ending
     * @throws IllegalArgumentException if the transport cannot send that code
     */
    Ending closeRequested(int code, String reason);

    /**
     * Tells the client goodbye in the transport's way (a close frame, a completed response), unless the ending says
     * the client already knows.
     *
     * @param ending how the connection ended
     */
    void goodbye(Ending ending);

    /**
     * Returns the authenticated user of the connection's request.
     *
     * @return the principal, if any
     */
    Optional<Principal> principal();
}
