package dev.melody.stream;

import java.time.Duration;

/**
 * One subscriber's view of a topic: a bounded queue that the hub fills and the subscriber drains.
 *
 * <p><b>Role.</b> Returned by {@link ServerSentEventHub#subscribe(String, String, SubscriptionListener)} and its
 * overloads. The hub only ever <em>enqueues</em> into it (never blocking, never touching a socket); the subscriber
 * takes events out with {@link #poll()}. When the queue is full, the hub applies
 * {@link StreamOptions#overflowPolicy()}.
 *
 * <p><b>The drain contract (how transports keep a single writer without a thread per connection).</b> A
 * {@link SubscriptionListener} is signalled by {@link SubscriptionListener#onAvailable(Subscription)} when an event
 * arrives while the subscription is <em>armed</em>. A subscription starts armed, is disarmed by the signal, and is
 * re-armed only by a {@link #poll()} that returns {@code null}. So at most one signal is outstanding: the
 * signalled party drains with {@code poll()} until it returns {@code null} (possibly one event at a time, across
 * asynchronous sends), and whoever sees that {@code null} has finished the drain; the next event signals again.
 * Events replayed at subscription time are queued ahead of live events and signalled the same way.
 *
 * <p><b>Ordering.</b> Events of one topic are enqueued in the order the hub assigned their sequence, which is
 * the order of the topic's history: a subscriber sees a gap only where its overflow policy dropped something,
 * and that drop is counted in {@link #dropped()}.
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread. {@link #poll()} is meant for one draining
 * party at a time (the signalled one); two concurrent pollers would each get different events.
 *
 * <p><b>Lifecycle.</b> Open from subscription until {@link #close()} (by the subscriber), an overflow under
 * {@link OverflowPolicy#DISCONNECT}, or {@link ServerSentEventHub#shutdown()}. Closing is idempotent; the first
 * cause wins and is reported once to {@link SubscriptionListener#onClosed(Subscription, CloseCause)}. A closed
 * subscription holds no events, {@link #poll()} returns {@code null}, and it no longer counts as a subscriber.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Returns the topic this subscription receives.
     *
     * @return the topic, never {@code null}
     */
    String topic();

    /**
     * Takes the next queued event without waiting. A {@code null} result re-arms the listener signal.
     *
     * @return the next event, or {@code null} when nothing is queued or the subscription is closed
     */
    ServerSentEvent poll();

    /**
     * Takes the next queued event, waiting up to {@code timeout} for one; for in-JVM consumers that own a thread.
     *
     * @param timeout the longest time to wait; zero or negative does not wait
     * @return the next event, or {@code null} when none arrived in time or the subscription is closed
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    ServerSentEvent poll(Duration timeout) throws InterruptedException;

    /**
     * Returns the number of events queued and not yet taken, replayed ones included.
     *
     * @return the number of pending events
     */
    int pending();

    /**
     * Returns how many events this subscriber lost to its overflow policy.
     *
     * @return the drop count, monotonically increasing
     */
    long dropped();

    /**
     * Tells whether the last event id given at subscription time was not found in the topic's history (too old,
     * unknown, or history disabled). A transport then tells its client to resynchronise, since events may have
     * been missed. {@code false} when no last event id was given.
     *
     * @return {@code true} if a resynchronisation is needed
     */
    boolean resyncRequired();

    /**
     * Tells whether this subscription has been closed, for whatever cause.
     *
     * @return {@code true} once closed
     */
    boolean isClosed();

    /**
     * Returns why this subscription was closed.
     *
     * @return the first close cause, or {@code null} while open
     */
    CloseCause closeCause();

    /** Unsubscribes with {@link CloseCause#CLIENT_CLOSED}; idempotent. */
    @Override
    void close();

    /**
     * Unsubscribes with the given cause; idempotent, the first cause wins.
     *
     * @param cause why the subscription ends, not {@code null}
     */
    void close(CloseCause cause);
}
