package dev.melody.stream.impl.hub;

import dev.melody.stream.CloseCause;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber's bounded queue, with its overflow policy, drop counter and wake-up signal.
 *
 * <p><b>Role.</b> The hub's side of the {@link Subscription} contract: {@link #offer(ServerSentEvent)} never blocks,
 * applies the overflow policy when full, and signals the {@link SubscriptionListener} when the subscription is
 * armed (see {@link Subscription} for the arming rule that keeps at most one signal outstanding).
 *
 * <p><b>Thread-safety.</b> The queue, the replay backlog, the arming flag and the close cause are guarded by this
 * object's monitor. Listener callbacks are made after the monitor is released, so a listener may call back into
 * {@link #poll()} or {@link #close()}. {@code offer} is called by the hub with the topic channel's lock held, so
 * offers to one subscription never race each other; {@code poll} is called by the one draining party.
 *
 * <p><b>Footprint.</b> A broadcast touches every subscriber of a topic, so each one is kept to this object and one
 * small array: the monitor instead of a {@code ReentrantLock} and its {@code Condition} (two more objects per
 * subscriber), and a ring that starts at {@value #INITIAL_SLOTS} slots and doubles up to the capacity only when a
 * subscriber falls that far behind, instead of an {@code ArrayDeque} sized for the worst case. At 10,000 subscribers
 * that is fewer cache lines missed per delivery and less heap per idle connection.
 *
 * <p><b>Lifecycle.</b> Created by {@link DefaultServerSentEventHub#subscribe}; closed once, by the subscriber, by the
 * DISCONNECT policy or by hub shutdown; the hub forgets it on close.
 */
final class BoundedSubscription implements Subscription {

    /** Slots of a new queue; it grows by doubling, up to the capacity. */
    static final int INITIAL_SLOTS = 4;

    private static final System.Logger LOG = System.getLogger(BoundedSubscription.class.getName());
    private static final ServerSentEvent[] EMPTY = new ServerSentEvent[0];

    /** Hub-side hooks: where drops are counted and where a closed subscription is unregistered. */
    interface Owner {
        void countDropped(long events);

        void unregister(BoundedSubscription subscription);
    }

    private final String topic;
    private final int capacity;
    private final OverflowPolicy policy;
    private final SubscriptionListener listener;   // null for in-JVM pollers
    private final Owner owner;
    private ServerSentEvent[] ring = EMPTY;                     // guarded by this; live events, oldest at head
    private int head;                                           // guarded by this
    private int size;                                           // guarded by this
    private ArrayDeque<ServerSentEvent> backlog;                // guarded by this; replayed events, taken first
    private boolean armed = true;                               // guarded by this
    private boolean resyncRequired;                             // guarded by this
    private int waiters;                                        // guarded by this; threads in poll(timeout)
    private volatile CloseCause closeCause;                     // written under the monitor, read anywhere
    private long dropped;                                       // guarded by this

    BoundedSubscription(String topic, int capacity, OverflowPolicy policy, SubscriptionListener listener,
                        Owner owner) {
        this.topic = topic;
        this.capacity = capacity;
        this.policy = policy;
        this.listener = listener;
        this.owner = owner;
    }

    /** Sets the events to replay ahead of live ones; called once, before the subscription is visible. */
    synchronized void startWith(List<ServerSentEvent> replay, boolean resync) {
        backlog = replay.isEmpty() ? null : new ArrayDeque<>(replay);
        resyncRequired = resync;
    }

    /**
     * Offers an event; never blocks.
     *
     * @return {@code true} if the event was queued (possibly after dropping the oldest)
     */
    boolean offer(ServerSentEvent event) {
        boolean queued = false;
        boolean droppedOne = false;
        boolean signal = false;
        synchronized (this) {
            if (closeCause != null) {
                return false;
            }
            if (size < capacity) {
                addLocked(event);
                queued = true;
            } else {
                droppedOne = true;
                dropped++;
                if (policy == OverflowPolicy.DROP_OLDEST) {
                    removeLocked();
                    addLocked(event);
                    queued = true;
                }
            }
            if (queued) {
                if (waiters > 0) {
                    notifyAll();
                }
                signal = armed && listener != null;
                armed &= !signal;
            }
        }
        if (droppedOne) {
            owner.countDropped(1);
        }
        if (signal) {
            signalAvailable();
        }
        if (droppedOne && policy == OverflowPolicy.DISCONNECT) {
            close(CloseCause.OVERFLOW);
        }
        return queued;
    }

    private void addLocked(ServerSentEvent event) {
        if (size == ring.length) {
            growLocked();
        }
        ring[(head + size) % ring.length] = event;
        size++;
    }

    private void growLocked() {
        ServerSentEvent[] grown = new ServerSentEvent[Math.min(capacity, Math.max(INITIAL_SLOTS, ring.length * 2))];
        for (int i = 0; i < size; i++) {
            grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
    }

    private ServerSentEvent removeLocked() {
        if (size == 0) {
            return null;
        }
        ServerSentEvent event = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return event;
    }

    /** Replayed events are waiting: signal them the same way as live ones. */
    void signalIfBacklog() {
        boolean signal;
        synchronized (this) {
            signal = backlog != null && armed && listener != null && closeCause == null;
            armed &= !signal;
        }
        if (signal) {
            signalAvailable();
        }
    }

    private void signalAvailable() {
        try {
            listener.onAvailable(this);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Subscription listener of topic '" + topic + "' threw from onAvailable; "
                    + "other subscribers are unaffected", e);
        }
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public synchronized ServerSentEvent poll() {
        ServerSentEvent event = takeLocked();
        if (event == null) {
            armed = true;
        }
        return event;
    }

    @Override
    public synchronized ServerSentEvent poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServerSentEvent event = takeLocked();
        long nanos;
        while (event == null && closeCause == null && (nanos = deadline - System.nanoTime()) > 0) {
            waiters++;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            } finally {
                waiters--;
            }
            event = takeLocked();
        }
        if (event == null) {
            armed = true;
        }
        return event;
    }

    private ServerSentEvent takeLocked() {
        if (backlog != null) {
            ServerSentEvent event = backlog.poll();
            if (backlog.isEmpty()) {
                backlog = null;
            }
            return event;
        }
        return removeLocked();
    }

    @Override
    public synchronized int pending() {
        return size + (backlog == null ? 0 : backlog.size());
    }

    @Override
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized boolean resyncRequired() {
        return resyncRequired;
    }

    @Override
    public boolean isClosed() {
        return closeCause != null;
    }

    @Override
    public CloseCause closeCause() {
        return closeCause;
    }

    @Override
    public void close() {
        close(CloseCause.CLIENT_CLOSED);
    }

    @Override
    public void close(CloseCause cause) {
        if (!closeLocally(cause)) {
            return;
        }
        owner.unregister(this);
        if (listener != null) {
            try {
                listener.onClosed(this, cause);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Subscription listener of topic '" + topic + "' threw from onClosed", e);
            }
        }
    }

    /** Marks this subscription closed without telling the hub; returns whether this call closed it. */
    private boolean closeLocally(CloseCause cause) {
        if (cause == null) {
            throw new IllegalArgumentException("close cause must not be null");
        }
        synchronized (this) {
            if (closeCause != null) {
                return false;
            }
            closeCause = cause;
            ring = EMPTY;
            head = 0;
            size = 0;
            backlog = null;
            notifyAll();
            return true;
        }
    }

    @Override
    public String toString() {
        return "Subscription[topic=" + topic + ", pending=" + pending() + ", closed=" + closeCause + "]";
    }
}
