package dev.melody.stream;

/**
 * Callbacks from the hub to the owner of a {@link Subscription}: "events are waiting" and "it is closed".
 *
 * <p><b>Role.</b> Lets a transport drain a subscription with a single writer and no thread per connection: on
 * {@link #onAvailable(Subscription)} it schedules a drain on its own executor (or starts an asynchronous send)
 * and returns at once. See {@link Subscription} for the arming rule that guarantees at most one outstanding
 * signal per subscription.
 *
 * <p><b>Threading.</b> Both callbacks run on whatever thread caused them: a broadcaster's thread, the thread
 * that subscribed (for replayed events), the thread that closed, or the one running
 * {@link ServerSentEventHub#shutdown()}. They must not block and must not throw; an exception is caught and
 * logged by the hub and affects no other subscriber. {@code onAvailable} is never called concurrently with
 * itself for the same subscription.
 *
 * <p><b>Lifecycle.</b> Supplied at subscription time and referenced by the hub until the subscription closes.
 */
public interface SubscriptionListener {

    /**
     * Signals that the subscription has events to take with {@link Subscription#poll()}. Not called again until a
     * {@code poll()} has returned {@code null}.
     *
     * @param subscription the subscription that has events
     */
    void onAvailable(Subscription subscription);

    /**
     * Signals that the subscription is closed; called exactly once, whoever closed it.
     *
     * @param subscription the subscription that closed
     * @param cause why it closed
     */
    default void onClosed(Subscription subscription, CloseCause cause) {
    }
}
