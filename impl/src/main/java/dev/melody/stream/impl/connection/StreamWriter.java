package dev.melody.stream.impl.connection;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.Subscription;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single writer of one connection: drains its hub subscription, its direct sends and its keep-alives, one
 * asynchronous send at a time; a transport supplies only how a message is encoded and sent.
 *
 * <p><b>Role.</b> Keeps at most one send in flight per connection (Open Liberty fails a second WebSocket send,
 * Tomcat throws), never sends on the thread that signalled it (Payara runs "async" sends, and may block, on the
 * calling thread, so a broadcaster must never be the sender) and never recurses from a completion (Undertow and
 * Jersey may complete a send inline, inside the send call). Subclasses: {@code WebSocketWriter}, {@code SseWriter}.
 *
 * <p><b>How sends are serialized.</b> Every reason to write ({@link #signal()}: an event, a direct send, a
 * keep-alive, a finished send) increments {@code work}; only the caller that moves it from 0 submits {@link #drain()}
 * to the executor, and the drain loops until it has consumed every increment. A drain starts a send only when none
 * is in flight; the send's completion ({@link #sent(Throwable)}) clears {@code sending} and signals again, which
 * continues the same drain loop when the completion was inline, or submits a new one otherwise (or runs it on the
 * completing thread, where the transport says that thread never blocks: {@link #continuesOnCompletionThread()}). So
 * the drain is never concurrent with itself, and {@link #encode}, {@link #keepAlive} and {@link #send} are never
 * called concurrently for one writer.
 *
 * <p><b>Acknowledgements.</b> A transport whose container may report a send complete while the client is not reading
 * (Payara's Tyrus buffers whatever a stalled client does not take) can bound what the container holds by asking the
 * client to acknowledge what it received: before each write the drain asks {@link #mustAwaitAcknowledgement()},
 * where the transport may request an acknowledgement and may say that writing must wait for one; then nothing more
 * is sent until the transport calls {@link #acknowledged()}. The wait counts as a send in flight: events queue in
 * the subscription, where the overflow policy applies, and {@link #isSendOverdue} reports it after
 * {@code writeTimeout}.
 *
 * <p><b>Order.</b> Messages queued with {@link #writeFirst} go first, then subscription events in hub order. A
 * direct send is written after the subscription events that were pending when it was queued ({@code writeAfter}).
 * NOTE: that count is a snapshot; an event the writer takes at the same instant may be written after the direct
 * send instead of before it. A requested keep-alive is offered to {@link #keepAlive} before the next send.
 *
 * <p><b>Thread-safety.</b> Every public method may be called from any thread. Fields marked "written only by the
 * drain" are written by the one running drain and read anywhere.
 *
 * <p><b>Lifecycle.</b> Created by its connection; {@link #attach(Subscription)}ed once subscribed; idle until
 * {@link #start()}; inert after {@link #stop()}.
 *
 * @param <M> the transport's message type
 */
public abstract class StreamWriter<M> {

    /** Callbacks to the connection; called from the writer's threads or a container completion thread. */
    public interface Owner {
        /**
         * A send, or a keep-alive, failed or was refused; also called when the executor refuses work.
         *
         * @param failure what the container or executor reported
         */
        void writeFailed(Throwable failure);

        /**
         * The direct-send queue overflowed under {@link OverflowPolicy#DISCONNECT}, or the subscription reached a gap
         * that the transport's messages cannot mark ({@link #marksGaps()}): the connection must close as too slow.
         */
        void overflowed();
    }

    /**
     * The bounds of the direct-send queue: those of the subscription.
     *
     * @param directCapacity how many direct sends may wait
     * @param policy what a direct send to a full queue does
     */
    public record WriterLimits(int directCapacity, OverflowPolicy policy) {
    }

    private record Direct(ServerSentEvent event, long writeAfter) {
    }

    private final Executor executor;
    private final Owner owner;
    private final WriterLimits limits;
    private final AtomicInteger work = new AtomicInteger();
    private final ConcurrentLinkedQueue<M> first = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Direct> direct = new ConcurrentLinkedQueue<>();
    private final AtomicInteger directSize = new AtomicInteger();
    private volatile Subscription subscription;     // set once by attach
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile boolean sending;               // set by the drain, cleared by the send's completion
    private volatile boolean awaitingAcknowledgement;   // set by the drain, cleared by acknowledged()
    private volatile long sendStartedNanos;         // written only by the drain, before each send
    private volatile boolean keepAliveRequested;
    private volatile long taken;                    // subscription events taken; written only by the drain

    /**
     * Creates an idle writer.
     *
     * @param executor the executor the drain runs on; never the signalling thread's
     * @param limits the bounds of the direct-send queue
     * @param owner the connection told about failures and overflow
     */
    protected StreamWriter(Executor executor, WriterLimits limits, Owner owner) {
        this.executor = executor;
        this.limits = limits;
        this.owner = owner;
    }

    /**
     * Encodes an event as the transport's message; called by the drain only.
     *
     * @param event the event to write
     * @return the message to send
     */
    protected abstract M encode(ServerSentEvent event);

    /**
     * Handles a requested keep-alive, once per request, just before a send; called by the drain only.
     *
     * @param next the message about to be sent, or {@code null} when nothing else waits
     * @return the message to send now (possibly {@code next}), or {@code null} for none
     * @throws IOException if a keep-alive the transport sends itself fails
     */
    protected abstract M keepAlive(M next) throws IOException;

    /**
     * Starts one asynchronous send, whose completion must call {@link #sent(Throwable)} exactly once, inline or
     * later, on any thread; called by the drain only, never while another send is in flight.
     *
     * @param message the message to send
     */
    protected abstract void send(M message);

    /**
     * Called by the drain before each write, with no send in flight: the transport may ask the client to acknowledge
     * what it was sent (a WebSocket ping), and tells whether writing must wait for an acknowledgement. The transport
     * calls {@link #acknowledged()} when one arrives, on any thread, possibly before this returns; this is asked
     * again after it.
     *
     * @return {@code true} to send nothing until {@link #acknowledged()}; {@code false} unless overridden
     * @throws IOException if a request could not be sent; the writer then reports a failed write
     */
    protected boolean mustAwaitAcknowledgement() throws IOException {
        return false;
    }

    /** The client acknowledged what it was sent: writing resumes if it waited. */
    protected final void acknowledged() {
        if (awaitingAcknowledgement) {
            awaitingAcknowledgement = false;
            signal();
        }
    }

    /**
     * Tells whether the transport's messages can carry a gap marker ({@link StreamMarkers#GAP}); where they cannot
     * (WebSocket frames of data only), a gap closes the connection instead, so that it is never silent.
     *
     * @return {@code true} unless overridden
     */
    protected boolean marksGaps() {
        return true;
    }

    /** Binds the subscription to drain, so that direct sends queue behind its pending events; before start. */
    public final void attach(Subscription drained) {
        this.subscription = drained;
    }

    /** Queues a message to write before any event, such as an opening comment; before start. */
    public final void writeFirst(M message) {
        first.add(message);
    }

    /** Starts writing; events signalled before are not lost, since this always drains once. */
    public final void start() {
        started = true;
        signal();
    }

    /** Stops writing; a send in flight is left to complete or fail. Idempotent. */
    public final void stop() {
        stopped = true;
        direct.clear();
        first.clear();
    }

    /**
     * Queues an event for this client only.
     *
     * @param event the event
     * @return {@code false} if stopped or dropped by the overflow policy
     */
    public final boolean sendDirect(ServerSentEvent event) {
        if (stopped) {
            return false;
        }
        Subscription drained = subscription;
        long writeAfter = taken + (drained == null ? 0 : drained.pending());
        if (directSize.incrementAndGet() > limits.directCapacity() && !makeRoom()) {
            directSize.decrementAndGet();
            return false;
        }
        direct.add(new Direct(event, writeAfter));
        signal();
        return true;
    }

    private boolean makeRoom() {
        switch (limits.policy()) {
            case DROP_OLDEST -> {
                if (direct.poll() != null) {
                    directSize.decrementAndGet();
                }
                return true;
            }
            case DISCONNECT -> owner.overflowed();
            default -> { }
        }
        return false;
    }

    /** Asks for a keep-alive (a ping, a heartbeat comment), handed to {@link #keepAlive} before the next send. */
    public final void requestKeepAlive() {
        keepAliveRequested = true;
        signal();
    }

    /**
     * Tells whether a send, or an acknowledgement, has been awaited for longer than the given time.
     *
     * @param timeoutNanos the longest a send may take
     * @return {@code true} if the send in flight, or the acknowledgement awaited, is overdue
     */
    public final boolean isSendOverdue(long timeoutNanos) {
        return (sending || awaitingAcknowledgement) && System.nanoTime() - sendStartedNanos > timeoutNanos;
    }

    /** A reason to write: never sends on the caller's thread. */
    public final void signal() {
        if (started && !stopped && work.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {          // the executor is shutting down with the application
                work.set(0);
                owner.writeFailed(rejected);
            }
        }
    }

    /**
     * Completes the send in flight; the transport calls it once per {@link #send}, from any thread, possibly inline.
     *
     * @param failure why the send failed, or {@code null} if it succeeded
     */
    protected final void sent(Throwable failure) {
        sending = false;
        if (failure != null) {
            owner.writeFailed(failure);
        } else if (continuesOnCompletionThread()) {
            signalHere();
        } else {
            signal();
        }
    }

    /**
     * Tells whether the drain may continue on the thread that completes a send, instead of being handed back to the
     * executor: only where the transport knows that thread never blocks in {@link #send} (Undertow's I/O thread,
     * where a send queues the frame and flushes it without a wake-up). Saves two thread hand-offs per message. The
     * drain stays single and iterative either way: a completion inline in {@link #send} only counts as more work
     * for the running drain. Never the broadcaster's thread: the hub signals through {@link #signal()}.
     *
     * @return {@code false} unless the transport overrides it
     */
    protected boolean continuesOnCompletionThread() {
        return false;
    }

    /** {@link #signal()}, but a drain that starts here runs on this (completion) thread. */
    private void signalHere() {
        if (started && !stopped && work.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        do {
            if (!sending && !awaitingAcknowledgement && !stopped) {
                writeNext();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void writeNext() {
        try {
            sendStartedNanos = System.nanoTime();
            awaitingAcknowledgement = true;            // before asking: the answer may come first
            if (mustAwaitAcknowledgement()) {
                return;                                // acknowledged() signals a new pass
            }
            awaitingAcknowledgement = false;
            M next = next();
            if (keepAliveRequested) {
                keepAliveRequested = false;
                next = keepAlive(next);
            }
            if (next != null) {
                sendStartedNanos = System.nanoTime();
                sending = true;
                send(next);
            }
        } catch (IOException | RuntimeException e) {
            sending = false;
            awaitingAcknowledgement = false;
            owner.writeFailed(e);
        }
    }

    private M next() {
        M head = first.poll();
        if (head != null) {
            return head;
        }
        ServerSentEvent event = nextEvent();
        return event == null ? null : encode(event);
    }

    private ServerSentEvent nextEvent() {
        Direct head = direct.peek();
        if (head != null && taken >= head.writeAfter()) {
            return takeDirect();
        }
        ServerSentEvent event = subscription.poll();   // null re-arms the subscription's signal
        if (event != null) {
            taken++;                                   // NOTE: single writer, so no lost update
            if (!marksGaps() && StreamMarkers.GAP.equals(event.event())) {
                owner.overflowed();
                return null;
            }
            return event;
        }
        return head == null ? null : takeDirect();
    }

    private ServerSentEvent takeDirect() {
        Direct head = direct.poll();
        if (head == null) {
            return null;
        }
        directSize.decrementAndGet();
        return head.event();
    }
}
