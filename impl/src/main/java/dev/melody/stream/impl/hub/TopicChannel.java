package dev.melody.stream.impl.hub;

import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One topic's state: its subscribers, its id sequence and its history ring.
 *
 * <p><b>Role.</b> The unit of ordering and consistency. A delivery stamps the event, records it in history and
 * offers it to every subscriber in one critical section, so every subscriber sees the topic's events in history
 * order, and a subscription with replay is either in the subscriber list when an event is offered or finds that
 * event in history, never both and never neither.
 *
 * <p><b>Thread-safety.</b> Every mutable field is guarded by {@code this}. The subscriber array is copy-on-write, so
 * a delivery iterates a stable snapshot even if a subscriber closes itself (DISCONNECT) during its own offer.
 * Offers never block, so holding the lock over the fan-out only orders broadcasts of the same topic.
 *
 * <p><b>Lifecycle.</b> Created by the hub on first use of a topic. With history disabled it is retired and
 * forgotten when its last subscriber leaves; with history it lives as long as the hub, so replay works for clients
 * that reconnect while no one else is subscribed.
 */
final class TopicChannel {

    private static final BoundedSubscription[] NONE = new BoundedSubscription[0];

    /** The result of a delivery: the event as stamped with its id, and how many queues accepted it. */
    record Delivery(ServerSentEvent event, int accepted) {
    }

    /** The result of adding a subscription. */
    enum Admission { ADDED, RETIRED, SHUT_DOWN }

    private final HistoryRing history;                      // null when history is disabled
    private long lastSequence;                               // guarded by this
    private BoundedSubscription[] subscribers = NONE;        // guarded by this; replaced, never mutated
    private boolean retired;                                 // guarded by this

    TopicChannel(int historySize) {
        this.history = historySize > 0 ? new HistoryRing(historySize) : null;
    }

    /** Stamps, records and fans out one event; returns {@code null} if this channel was retired meanwhile. */
    synchronized Delivery deliver(ServerSentEvent event) {
        if (retired) {
            return null;
        }
        long sequence = ++lastSequence;
        ServerSentEvent stamped = event.id() == null ? event.withId(Long.toString(sequence)) : event;
        if (history != null) {
            history.add(stamped);
        }
        int accepted = 0;
        for (BoundedSubscription subscriber : subscribers) {
            if (subscriber.offer(stamped)) {
                accepted++;
            }
        }
        return new Delivery(stamped, accepted);
    }

    /**
     * Adds a subscription, first loading it with the history after {@code lastEventId} when one is given.
     *
     * @param shutDown tells whether the hub has shut down, read under this channel's lock
     */
    synchronized Admission add(BoundedSubscription subscription, String lastEventId, BooleanSupplier shutDown) {
        if (shutDown.getAsBoolean()) {
            return Admission.SHUT_DOWN;
        }
        if (retired) {
            return Admission.RETIRED;
        }
        if (lastEventId != null && !lastEventId.isEmpty()) {
            List<ServerSentEvent> replay = history == null ? null : history.after(lastEventId);
            subscription.startWith(replay == null ? List.of() : replay, replay == null);
        }
        BoundedSubscription[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = subscription;
        subscribers = grown;
        return Admission.ADDED;
    }

    /** Removes a subscription; returns whether it was present. */
    synchronized boolean remove(BoundedSubscription subscription) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i] == subscription) {
                BoundedSubscription[] shrunk = new BoundedSubscription[subscribers.length - 1];
                System.arraycopy(subscribers, 0, shrunk, 0, i);
                System.arraycopy(subscribers, i + 1, shrunk, i, shrunk.length - i);
                subscribers = shrunk;
                return true;
            }
        }
        return false;
    }

    /** Retires this channel if it has neither subscribers nor history; returns whether it did. */
    synchronized boolean retireIfUnused() {
        if (!retired && subscribers.length == 0 && history == null) {
            retired = true;
        }
        return retired;
    }

    /** Returns the retained events after {@code afterId} as one consistent snapshot. */
    synchronized Replay replay(String afterId) {
        List<ServerSentEvent> events = history == null ? null : history.after(afterId);
        return events == null ? new Replay(List.of(), false) : new Replay(events, true);
    }

    synchronized int subscriberCount() {
        return subscribers.length;
    }

    synchronized BoundedSubscription[] subscribers() {
        return subscribers;
    }

    synchronized boolean retired() {
        return retired;
    }
}
