package dev.melody.stream.impl.connection;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.Subscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The single writer of one connection, for both transports: drains its hub subscription, its direct sends and its
 * keep-alives through its {@link TransportChannel}, one asynchronous send at a time.
 *
 * <p><b>Role.</b> Keeps at most one send in flight per connection (Open Liberty fails a second WebSocket send,
 * Tomcat throws), never sends on the thread that signalled it (Payara runs "async" sends, and may block, on the
 * calling thread, so a broadcaster must never be the sender) and never recurses from a completion (Undertow and
 * Jersey may complete a send inline, inside the send call).
 *
 * <p><b>State.</b> One {@link State}, changed by CAS: {@code NEW → IDLE} at {@link #start()}; {@code IDLE → SENDING}
 * when a send starts and back when it completes; {@code IDLE → AWAITING_ACKNOWLEDGEMENT} while the channel is asked
 * whether to wait for the client's acknowledgement, and until it arrives ({@link #acknowledged()}); anything
 * {@code → STOPPED} at {@link #stop()}, for good.
 *
 * <p><b>How drains are serialized.</b> Every reason to write ({@link #signal()}: an event, a direct send, a
 * keep-alive, a finished send, an acknowledgement) increments {@code work}; only the caller that moves it from 0
 * submits the drain to its {@link Drains} (the connection's I/O thread's where the channel names one, else the
 * writers pool's), and the drain loops until it has consumed every increment. A drain starts a send only in
 * {@code IDLE}; a completion moves back to {@code IDLE} and signals again, which continues the same drain when the
 * completion was inline, runs a new drain on the completing thread where the channel allows it
 * ({@link TransportChannel#continuesOnCompletionThread()}), or submits one. So the drain is never concurrent with
 * itself, and the channel's drain callbacks are never called concurrently.
 *
 * <p><b>Acknowledgements.</b> Before each write the drain asks {@link TransportChannel#mustAwaitAcknowledgement()};
 * while it waits nothing is sent: events queue in the subscription, where the overflow policy applies, and
 * {@link #isSendOverdue} reports the wait after {@code writeTimeout} as it does a stuck send.
 *
 * <p><b>Batches.</b> A drain that finds several messages waiting takes up to the channel's
 * {@link TransportChannel#batchLimit()} of them and sends them as one ({@link TransportChannel#combine}): one write
 * and one flush for a batch of SSE events where the library's own body writer writes the stream.
 *
 * <p><b>Order.</b> The prelude goes first, then subscription events in hub order. A direct send is written after
 * the subscription events that were pending when it was queued ({@code writeAfter}). NOTE: that count is a
 * snapshot; an event the writer takes at the same instant may be written after the direct send instead of before
 * it. A requested keep-alive is offered to the channel before the next send.
 *
 * <p><b>Thread-safety.</b> Every public method may be called from any thread. {@code taken} and
 * {@code sendStartedNanos} are written by the one running drain only.
 *
 * <p><b>Lifecycle.</b> Created by its connection; {@link #attach(Subscription)}ed once subscribed; idle until
 * {@link #start()}; inert after {@link #stop()}.
 *
 * @param <M> the transport's message type
 */
public final class ConnectionWriter<M> {

    /** The writer's one state; see the class description for its transitions. */
    public enum State { NEW, IDLE, SENDING, AWAITING_ACKNOWLEDGEMENT, STOPPED }

    /** What the writer reports to its connection; called from the writer's threads or a completion thread. */
    public interface Listener {
        /**
         * A send, or a keep-alive, failed or was refused; also called when the executor refuses work.
         *
         * @param failure what the container or executor reported
         */
        void writeFailed(Throwable failure);

        /**
         * The direct-send queue overflowed under {@link OverflowPolicy#DISCONNECT}, or the subscription reached a gap
         * that the channel cannot mark: the connection must close as too slow.
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

    private final TransportChannel<M> channel;
    private final Drains pool;
    private final Function<Executor, Drains> ioThreads;
    private final WriterLimits limits;
    private final Listener listener;
    private final boolean marksGaps;
    private final boolean continuesOnCompletionThread;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicInteger work = new AtomicInteger();
    private final ConcurrentLinkedQueue<M> first = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Direct> direct = new ConcurrentLinkedQueue<>();
    private final AtomicInteger directSize = new AtomicInteger();
    private final Runnable drain = this::drain;
    private final TransportChannel.Completion completion = this::sent;
    private volatile Subscription subscription;     // set once by attach
    private volatile boolean keepAliveRequested;
    private volatile long sendStartedNanos;
    private volatile long taken;                    // subscription events taken; written by the drain only

    /**
     * Creates an idle writer.
     *
     * @param channel the transport's channel
     * @param pool the drains of the writers pool, where drains run unless the channel names an I/O thread
     * @param ioThreads the drains of an I/O thread the channel names ({@link TransportChannel#drainExecutor()})
     * @param limits the bounds of the direct-send queue
     * @param listener the connection told about failures and overflow
     */
    public ConnectionWriter(TransportChannel<M> channel, Drains pool, Function<Executor, Drains> ioThreads,
                            WriterLimits limits, Listener listener) {
        this.channel = channel;
        this.pool = pool;
        this.ioThreads = ioThreads;
        this.limits = limits;
        this.listener = listener;
        this.marksGaps = channel.marksGaps();
        this.continuesOnCompletionThread = channel.continuesOnCompletionThread();
    }

    /**
     * Binds the subscription to drain, so that direct sends queue behind its pending events; before start.
     *
     * @param drained the subscription
     */
    public void attach(Subscription drained) {
        this.subscription = drained;
    }

    /**
     * Queues a message to write before any event, such as an opening comment; before start.
     *
     * @param message the message
     */
    public void writeFirst(M message) {
        first.add(message);
    }

    /** Starts writing; events signalled before are not lost, since this always drains once. */
    public void start() {
        if (state.compareAndSet(State.NEW, State.IDLE)) {
            signal();
        }
    }

    /** Stops writing; a send in flight is left to complete or fail. Idempotent. */
    public void stop() {
        state.set(State.STOPPED);
        direct.clear();
        first.clear();
    }

    /**
     * Returns the writer's state.
     *
     * @return the state
     */
    public State state() {
        return state.get();
    }

    /**
     * Queues an event for this client only.
     *
     * @param event the event
     * @return {@code false} if stopped or dropped by the overflow policy
     */
    public boolean sendDirect(ServerSentEvent event) {
        if (state.get() == State.STOPPED) {
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
            case DISCONNECT -> listener.overflowed();
            default -> { }
        }
        return false;
    }

    /** Asks for a keep-alive (a ping, a heartbeat comment), handed to the channel before the next send. */
    public void requestKeepAlive() {
        keepAliveRequested = true;
        signal();
    }

    /**
     * Tells whether a send, or an acknowledgement, has been awaited for longer than the given time.
     *
     * @param timeoutNanos the longest a send may take
     * @param nowNanos the current {@link System#nanoTime()}
     * @return {@code true} if the send in flight, or the acknowledgement awaited, is overdue
     */
    public boolean isSendOverdue(long timeoutNanos, long nowNanos) {
        State current = state.get();
        return (current == State.SENDING || current == State.AWAITING_ACKNOWLEDGEMENT)
                && nowNanos - sendStartedNanos > timeoutNanos;
    }

    /** The client acknowledged what it was sent: writing resumes if it waited. */
    public void acknowledged() {
        if (state.compareAndSet(State.AWAITING_ACKNOWLEDGEMENT, State.IDLE)) {
            signal();
        }
    }

    /** A reason to write: never sends on the caller's thread. */
    public void signal() {
        if (isWriting() && work.getAndIncrement() == 0) {
            try {
                Executor own = channel.drainExecutor();
                (own == null ? pool : ioThreads.apply(own)).submit(drain);
            } catch (RuntimeException rejected) {          // the executor is shutting down with the application
                work.set(0);
                listener.writeFailed(rejected);
            }
        }
    }

    private boolean isWriting() {
        State current = state.get();
        return current != State.NEW && current != State.STOPPED;
    }

    private void sent(Throwable failure) {
        state.compareAndSet(State.SENDING, State.IDLE);
        if (failure != null) {
            listener.writeFailed(failure);
        } else if (continuesOnCompletionThread) {
            if (isWriting() && work.getAndIncrement() == 0) {
                drain();                                   // a new drain, here on the completion thread
            }
        } else {
            signal();
        }
    }

    private void drain() {
        int missed = 1;
        do {
            if (state.get() == State.IDLE) {
                writeNext();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void writeNext() {
        try {
            sendStartedNanos = System.nanoTime();
            if (!state.compareAndSet(State.IDLE, State.AWAITING_ACKNOWLEDGEMENT)) {   // before asking: the answer
                return;                                                              // may come first
            }
            if (channel.mustAwaitAcknowledgement()) {
                return;                                    // acknowledged() signals a new pass
            }
            state.compareAndSet(State.AWAITING_ACKNOWLEDGEMENT, State.IDLE);
            M next = next();
            int limit = next == null ? 1 : channel.batchLimit();
            if (limit > 1) {
                next = batch(next, limit);
            }
            if (keepAliveRequested) {
                keepAliveRequested = false;
                next = channel.keepAlive(next);
            }
            if (next != null && state.compareAndSet(State.IDLE, State.SENDING)) {
                sendStartedNanos = System.nanoTime();
                channel.send(next, completion);
            }
        } catch (IOException | RuntimeException e) {
            state.compareAndSet(State.SENDING, State.IDLE);
            state.compareAndSet(State.AWAITING_ACKNOWLEDGEMENT, State.IDLE);
            listener.writeFailed(e);
        }
    }

    /** Takes up to {@code limit} messages, {@code first} included, and has the channel combine them if several. */
    private M batch(M first, int limit) {
        M second = next();
        if (second == null) {
            return first;
        }
        List<M> batch = new ArrayList<>(Math.min(limit, 16));
        batch.add(first);
        batch.add(second);
        M more;
        while (batch.size() < limit && state.get() != State.STOPPED && (more = next()) != null) {
            batch.add(more);
        }
        return channel.combine(batch);
    }

    private M next() {
        M head = first.poll();
        if (head != null) {
            return head;
        }
        ServerSentEvent event = nextEvent();
        return event == null ? null : channel.encode(event);
    }

    private ServerSentEvent nextEvent() {
        Direct head = direct.peek();
        if (head != null && taken >= head.writeAfter()) {
            return takeDirect();
        }
        ServerSentEvent event = subscription.poll();   // null re-arms the subscription's signal
        if (event != null) {
            taken++;
            if (!marksGaps && StreamMarkers.GAP.equals(event.event())) {
                listener.overflowed();
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

    @Override
    public String toString() {
        return "writer[" + state.get() + "]";
    }
}
