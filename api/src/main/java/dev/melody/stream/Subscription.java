package dev.melody.stream;

import java.time.Duration;

/**
 * One subscriber's position in its topic's log: the hub appends each event once, and every subscriber reads it from
 * there at its own pace.
 *
 * <p><b>Role.</b> Returned by {@link ServerSentEventHub#subscribe(String, String, SubscriptionListener)} and its
 * overloads. The hub never copies an event per subscriber and never touches a socket; the subscriber takes events
 * out with {@link #poll()}. The log is bounded ({@link StreamOptions#historySize()},
 * {@link StreamOptions#historyBytes()}, {@link StreamOptions#maxRetainedBytes()}); a subscriber whose next event
 * was evicted before it read it has fallen into a gap, and {@link StreamOptions#overflowPolicy()} decides what it
 * gets: under {@link OverflowPolicy#GAP_MARKER} (the default) {@code poll()} returns one gap marker
 * ({@link StreamMarkers#gap}) and then the oldest retained event.
 *
 * <p><b>The drain contract (how transports keep a single writer without a thread per connection).</b> A
 * {@link SubscriptionListener} is signalled by {@link SubscriptionListener#onAvailable(Subscription)} when an event
 * arrives while the subscription is <em>armed</em>. A subscription starts armed, is disarmed by the signal, and is
 * re-armed only by a {@link #poll()} that returns {@code null}. So at most one signal is outstanding: the
 * signalled party drains with {@code poll()} until it returns {@code null} (possibly one event at a time, across
 * asynchronous sends), and whoever sees that {@code null} has finished the drain; the next event signals again.
 * A subscription that starts in the past (replay) is signalled at once.
 *
 * <p><b>Ordering.</b> Every subscriber of a topic reads the same log, so it sees the topic's events in one order,
 * the log's. Each event is seen at most once, and an event is missing only inside a gap, which {@link #dropped()}
 * and {@link #gaps()} count (and, under {@code GAP_MARKER}, a marker shows).
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread. {@link #poll()} is meant for one draining
 * party at a time (the signalled one); two concurrent pollers would each get different events.
 *
 * <p><b>Lifecycle.</b> Open from subscription until {@link #close()} (by the subscriber), a gap under
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
     * Takes the next event (or marker) at this subscriber's position without waiting. A {@code null} result re-arms the listener signal.
     *
     * @return the next event, or {@code null} when nothing newer is in the log or the subscription is closed
     */
    ServerSentEvent poll();

    /**
     * Takes the next event (or marker), waiting up to {@code timeout} for one; for in-JVM consumers that own a thread.
     *
     * @param timeout the longest time to wait; zero or negative does not wait
     * @return the next event, or {@code null} when none arrived in time or the subscription is closed
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    ServerSentEvent poll(Duration timeout) throws InterruptedException;

    /**
     * Returns the number of events in the log after this subscriber's position, not yet taken.
     *
     * @return the number of pending events
     */
    int pending();

    /**
     * Returns how many events this subscriber missed because they left the log before it read them.
     *
     * @return the count of skipped events, monotonically increasing
     */
    long dropped();

    /**
     * Returns how many times this subscriber fell behind its topic's log (each a gap of one or more events).
     *
     * @return the gap count, monotonically increasing
     */
    long gaps();

    /**
     * Tells whether the last event id given at subscription time cannot be replayed exactly: of another epoch (a
     * previous run, another history), unknown, malformed, older than the log retains, or history disabled. The
     * subscription then starts with live events only, and a transport tells its client to resynchronise
     * ({@link StreamMarkers#resync()}) before them. {@code false} when no last event id was given.
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
