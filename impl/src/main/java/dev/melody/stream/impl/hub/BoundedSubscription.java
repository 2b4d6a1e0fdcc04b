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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded queue, with its overflow policy, drop counter and wake-up signal.
 *
 * <p><b>Role.</b> The hub's side of the {@link Subscription} contract: {@link #offer(ServerSentEvent)} never blocks,
 * applies the overflow policy when full, and signals the {@link SubscriptionListener} when the subscription is
 * armed (see {@link Subscription} for the arming rule that keeps at most one signal outstanding).
 *
 * <p><b>Thread-safety.</b> The queue, the replay backlog, the arming flag and the close cause are guarded by
 * {@code lock}. Listener callbacks are made after {@code lock} is released, so a listener may call back into
 * {@link #poll()} or {@link #close()}. {@code offer} is called by the hub with the topic channel's lock held, so
 * offers to one subscription never race each other; {@code poll} is called by the one draining party.
 *
 * <p><b>Lifecycle.</b> Created by {@link DefaultServerSentEventHub#subscribe}; closed once, by the subscriber, by the
 * DISCONNECT policy or by hub shutdown; the hub forgets it on close.
 */
final class BoundedSubscription implements Subscription {

    private static final System.Logger LOG = System.getLogger(BoundedSubscription.class.getName());

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
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<ServerSentEvent> queue;            // guarded by lock
    private ArrayDeque<ServerSentEvent> backlog;                // guarded by lock; replayed events, taken first
    private boolean armed = true;                               // guarded by lock
    private boolean resyncRequired;                             // guarded by lock
    private volatile CloseCause closeCause;                     // written under lock, read anywhere
    private long dropped;                                       // guarded by lock

    BoundedSubscription(String topic, int capacity, OverflowPolicy policy, SubscriptionListener listener,
                        Owner owner) {
        this.topic = topic;
        this.capacity = capacity;
        this.policy = policy;
        this.listener = listener;
        this.owner = owner;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Sets the events to replay ahead of live ones; called once, before the subscription is visible. */
    void startWith(List<ServerSentEvent> replay, boolean resync) {
        lock.lock();
        try {
            backlog = replay.isEmpty() ? null : new ArrayDeque<>(replay);
            resyncRequired = resync;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            if (closeCause != null) {
                return false;
            }
            if (queue.size() < capacity) {
                queued = queue.add(event);
            } else {
                droppedOne = true;
                dropped++;
                if (policy == OverflowPolicy.DROP_OLDEST) {
                    queue.poll();
                    queued = queue.add(event);
                }
            }
            if (queued) {
                notEmpty.signal();
                signal = armed && listener != null;
                armed &= !signal;
            }
        } finally {
            lock.unlock();
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

    /** Replayed events are waiting: signal them the same way as live ones. */
    void signalIfBacklog() {
        boolean signal;
        lock.lock();
        try {
            signal = backlog != null && armed && listener != null && closeCause == null;
            armed &= !signal;
        } finally {
            lock.unlock();
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
    public ServerSentEvent poll() {
        lock.lock();
        try {
            ServerSentEvent event = takeLocked();
            if (event == null) {
                armed = true;
            }
            return event;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ServerSentEvent poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            ServerSentEvent event = takeLocked();
            while (event == null && closeCause == null && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
                event = takeLocked();
            }
            if (event == null) {
                armed = true;
            }
            return event;
        } finally {
            lock.unlock();
        }
    }

    private ServerSentEvent takeLocked() {
        if (backlog != null) {
            ServerSentEvent event = backlog.poll();
            if (backlog.isEmpty()) {
                backlog = null;
            }
            return event;
        }
        return queue.poll();
    }

    @Override
    public int pending() {
        lock.lock();
        try {
            return queue.size() + (backlog == null ? 0 : backlog.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean resyncRequired() {
        lock.lock();
        try {
            return resyncRequired;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            if (closeCause != null) {
                return false;
            }
            closeCause = cause;
            queue.clear();
            backlog = null;
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Subscription[topic=" + topic + ", pending=" + pending() + ", closed=" + closeCause + "]";
    }
}
