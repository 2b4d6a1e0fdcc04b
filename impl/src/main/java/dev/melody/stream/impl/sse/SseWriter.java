package dev.melody.stream.impl.sse;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.Subscription;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The single writer of one {@link SseEventSink}: drains its hub subscription, its direct sends and its heartbeats,
 * one {@code send} at a time.
 *
 * <p><b>Role.</b> Keeps at most one {@link SseEventSink#send} in flight per sink, chaining the next send on the
 * completion of the previous one; never sends on the thread that signalled it (a broadcaster's thread must never
 * be the one that writes: Payara's writes may run, and block, on the caller's thread) and never recurses from a
 * completion (Jersey completes {@code send} inline). Events are built with the container's {@link Sse}.
 *
 * <p><b>How sends are serialized.</b> Every reason to write ({@link #signal()}: an event, a direct send, a
 * heartbeat, a finished send) increments {@code work}; only the caller that moves it from 0 submits {@link #drain()}
 * to the executor, and the drain loops until it has consumed every increment. A drain starts a send only when none
 * is in flight; the send's completion clears {@code sending} and signals again, which continues the same drain loop
 * when the completion was inline, or submits a new one otherwise. So the drain is never concurrent with itself.
 *
 * <p><b>Order.</b> The prelude (the open comment, a resync marker) goes first, then subscription events in hub
 * order. A direct send is written after the subscription events that were pending when it was queued. NOTE: that
 * count is a snapshot; an event the writer takes at the same instant may be written after the direct send instead.
 * A heartbeat is written only when nothing else is waiting, since any write proves the client is still there.
 *
 * <p><b>Lifecycle.</b> Created by its {@link SseConnection}; idle until {@link #start}; inert after {@link #stop()}.
 */
final class SseWriter {

    /** Callbacks to the connection; called from the writer's threads or a container completion thread. */
    interface Owner {
        /** A send failed, or the sink refused it. */
        void writeFailed(Throwable failure);

        /** The direct-send queue overflowed under {@link OverflowPolicy#DISCONNECT}. */
        void directOverflow();
    }

    /** The bounds of the direct-send queue: its capacity and overflow policy (those of the subscription). */
    record WriterLimits(int directCapacity, OverflowPolicy policy) {
    }

    private record Direct(ServerSentEvent event, long writeAfter) {
    }

    private final SseEventSink sink;
    private final Sse sse;
    private final Executor executor;
    private final Owner owner;
    private final WriterLimits limits;
    private final BiConsumer<Object, Throwable> onSent = (ignored, failure) -> sent(failure);
    private final AtomicInteger work = new AtomicInteger();
    private final ConcurrentLinkedQueue<OutboundSseEvent> prelude = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Direct> direct = new ConcurrentLinkedQueue<>();
    private final AtomicInteger directSize = new AtomicInteger();
    private volatile Subscription subscription;     // set once by start
    private volatile boolean stopped;
    private volatile boolean sending;               // set by the drain, cleared by the send's completion
    private volatile long sendStartedNanos;         // written by the drain before each send
    private volatile boolean heartbeatRequested;
    private volatile long taken;                    // subscription events taken; written only by the drain

    SseWriter(SseEventSink sink, Sse sse, Executor executor, WriterLimits limits, Owner owner) {
        this.sink = sink;
        this.sse = sse;
        this.executor = executor;
        this.limits = limits;
        this.owner = owner;
    }

    /**
     * Starts writing: first the prelude, then the subscription. Events signalled before are not lost, since this
     * always drains once.
     */
    void start(Subscription drained, List<ServerSentEvent> first) {
        prelude.add(SseEventFormat.comment(sse, SseEventFormat.COMMENT_OPEN));
        first.forEach(event -> prelude.add(SseEventFormat.outbound(sse, event)));
        this.subscription = drained;
        signal();
    }

    /** Stops writing; a send in flight is left to complete or fail. Idempotent. */
    void stop() {
        stopped = true;
        direct.clear();
        prelude.clear();
    }

    /**
     * Queues an event for this client only.
     *
     * @return {@code false} if stopped or dropped by the overflow policy
     */
    boolean sendDirect(ServerSentEvent event) {
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
            case DISCONNECT -> owner.directOverflow();
            default -> { }
        }
        return false;
    }

    /** Asks for a heartbeat comment, written unless something else is written first. */
    void requestHeartbeat() {
        heartbeatRequested = true;
        signal();
    }

    /** Tells whether a send has been in flight for longer than the given time. */
    boolean isSendOverdue(long timeoutNanos) {
        return sending && System.nanoTime() - sendStartedNanos > timeoutNanos;
    }

    /** A reason to write: never sends on the caller's thread. */
    void signal() {
        if (!stopped && subscription != null && work.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {          // the executor is shutting down with the application
                work.set(0);
                owner.writeFailed(rejected);
            }
        }
    }

    private void drain() {
        int missed = 1;
        do {
            if (!sending && !stopped) {
                writeNext();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void writeNext() {
        try {
            OutboundSseEvent next = next();
            if (next == null && heartbeatRequested) {
                next = SseEventFormat.comment(sse, SseEventFormat.COMMENT_HEARTBEAT);
            }
            heartbeatRequested = false;
            if (next != null) {
                send(next);
            }
        } catch (RuntimeException e) {
            sending = false;
            owner.writeFailed(e);
        }
    }

    private OutboundSseEvent next() {
        OutboundSseEvent first = prelude.poll();
        if (first != null) {
            return first;
        }
        ServerSentEvent event = nextEvent();
        return event == null ? null : SseEventFormat.outbound(sse, event);
    }

    private ServerSentEvent nextEvent() {
        Direct head = direct.peek();
        if (head != null && taken >= head.writeAfter()) {
            return takeDirect();
        }
        ServerSentEvent event = subscription.poll();   // null re-arms the subscription's signal
        if (event != null) {
            taken++;                                   // NOTE: single writer, so no lost update
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

    private void send(OutboundSseEvent event) {
        sendStartedNanos = System.nanoTime();
        sending = true;
        CompletionStage<?> stage = sink.send(event);
        stage.whenComplete(onSent);
    }

    private void sent(Throwable failure) {
        sending = false;
        if (failure == null) {
            signal();
        } else {
            owner.writeFailed(failure);
        }
    }
}
