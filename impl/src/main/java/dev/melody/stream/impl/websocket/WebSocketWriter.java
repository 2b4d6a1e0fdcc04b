package dev.melody.stream.impl.websocket;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.Subscription;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single writer of one WebSocket connection: drains its hub subscription and its direct sends, one frame at a
 * time.
 *
 * <p><b>Role.</b> Keeps at most one asynchronous send in flight per session (Open Liberty fails a second one),
 * never sends on the thread that signalled it (Payara runs "async" sends on the calling thread, so a broadcaster
 * must never be the sender) and never recurses from a {@link SendHandler} (Undertow may call it inline). Pings go
 * through the same writer, between frames.
 *
 * <p><b>How sends are serialized.</b> Every reason to write ({@link #signal()}: an event, a direct send, a ping, a
 * finished send) increments {@code work}; only the caller that moves it from 0 submits {@link #drain()} to the
 * executor, and the drain loops until it has consumed every increment. A drain starts a send only when none is in
 * flight; the send's completion clears {@code sending} and signals again, which continues the same drain loop when
 * the completion was inline, or submits a new one otherwise. So the drain itself is never concurrent with itself.
 *
 * <p><b>Ordering.</b> Subscription events go out in hub order. A direct send is written after the subscription
 * events that were pending when it was queued ({@code writeAfter}). NOTE: that count is a snapshot; an event that
 * the writer takes at the same instant may be written after the direct send instead of before it.
 *
 * <p><b>Lifecycle.</b> Created by its {@link WebSocketConnection}; {@link #attach(Subscription)}ed once subscribed;
 * idle until {@link #start()}; inert after {@link #stop()}.
 */
final class WebSocketWriter {

    /** Callbacks to the connection; called from the writer's threads or a container completion thread. */
    interface Owner {
        /** A send or a ping failed. */
        void writeFailed(Throwable failure);

        /** The direct-send queue overflowed under {@link OverflowPolicy#DISCONNECT}. */
        void directOverflow();
    }

    private record Direct(ServerSentEvent event, long writeAfter) {
    }

    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[] {'m'}).asReadOnlyBuffer();

    private final RemoteEndpoint.Async remote;
    private final WebSocketFrameFormat format;
    private final Executor executor;
    private final Owner owner;
    private final int directCapacity;
    private final OverflowPolicy policy;
    private final SendHandler onSent = this::sent;
    private final AtomicInteger work = new AtomicInteger();
    private final ConcurrentLinkedQueue<Direct> direct = new ConcurrentLinkedQueue<>();
    private final AtomicInteger directSize = new AtomicInteger();
    private volatile Subscription subscription;     // set once by attach
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile boolean sending;               // set by the drain, cleared by the send's completion
    private volatile long sendStartedNanos;         // written by the drain before each send
    private volatile boolean pingRequested;
    private volatile long taken;                    // subscription events taken; written only by the drain

    WebSocketWriter(RemoteEndpoint.Async remote, WebSocketFrameFormat format, Executor executor,
                    WriterLimits limits, Owner owner) {
        this.remote = remote;
        this.format = format;
        this.executor = executor;
        this.owner = owner;
        this.directCapacity = limits.directCapacity();
        this.policy = limits.policy();
    }

    /** The bounds of the direct-send queue: its capacity and overflow policy (those of the subscription). */
    record WriterLimits(int directCapacity, OverflowPolicy policy) {
    }

    /** Binds the subscription to drain, so that direct sends queue behind its pending events; before start. */
    void attach(Subscription drained) {
        this.subscription = drained;
    }

    /** Starts writing; events signalled before are not lost, since this always drains once. */
    void start() {
        started = true;
        signal();
    }

    /** Stops writing; a send in flight is left to complete or fail. Idempotent. */
    void stop() {
        stopped = true;
        direct.clear();
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
        if (directSize.incrementAndGet() > directCapacity && !makeRoom()) {
            directSize.decrementAndGet();
            return false;
        }
        direct.add(new Direct(event, writeAfter));
        signal();
        return true;
    }

    private boolean makeRoom() {
        switch (policy) {
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

    /** Asks for a ping before the next frame. */
    void requestPing() {
        pingRequested = true;
        signal();
    }

    /** Tells whether a send has been in flight for longer than the given time. */
    boolean isSendOverdue(long timeoutNanos) {
        return sending && System.nanoTime() - sendStartedNanos > timeoutNanos;
    }

    /** A reason to write: never sends on the caller's thread. */
    void signal() {
        if (started && !stopped && work.getAndIncrement() == 0) {
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
            if (pingRequested) {
                pingRequested = false;
                remote.sendPing(PING_PAYLOAD.duplicate());
            }
            ServerSentEvent next = next();
            if (next != null) {
                send(next);
            }
        } catch (IOException | RuntimeException e) {
            sending = false;
            owner.writeFailed(e);
        }
    }

    private ServerSentEvent next() {
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

    private void send(ServerSentEvent event) {
        sendStartedNanos = System.nanoTime();
        sending = true;
        if (format.isBinary()) {
            remote.sendBinary(format.binary(event), onSent);
        } else {
            remote.sendText(format.text(event), onSent);
        }
    }

    private void sent(SendResult result) {
        sending = false;
        if (result.isOK()) {
            signal();
        } else {
            owner.writeFailed(result.getException());
        }
    }
}
