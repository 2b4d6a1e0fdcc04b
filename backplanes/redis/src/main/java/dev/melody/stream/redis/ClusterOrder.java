package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.RateLimitedLog;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every topic's {@link TopicOrder} on this node, and the set of topics with an open hole.
 *
 * <p><b>Thread-safety.</b> Thread-safe: the publisher thread offers this node's sequenced events and fills holes, the
 * listener thread offers the other nodes' events. Delivery to the hub happens under the topic's lock.
 *
 * <p><b>Lifecycle.</b> One per started backplane. NOTE: a cursor is kept for every topic this node ever delivered a
 * sequenced event of (a few dozen bytes each); topics are expected to be a bounded set.
 */
final class ClusterOrder {

    private final ServerSentEventHub hub;
    private final RateLimitedLog log;
    private final ConcurrentMap<String, TopicOrder> topics = new ConcurrentHashMap<>();
    private final Set<String> holes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unstarted = new AtomicInteger();

    ClusterOrder(ServerSentEventHub hub, RateLimitedLog log) {
        this.hub = hub;
        this.log = log;
    }

    /**
     * Offers a sequenced event of a topic.
     *
     * @param topic the topic
     * @param id its cluster id
     * @param event the event with its id, or {@code null} to advance past it without delivering
     * @param fromChannel whether it came from the channel, not from this node's sequencer reply
     */
    void offer(String topic, ClusterId id, ServerSentEvent event, boolean fromChannel) {
        if (order(topic).offer(id.epoch(), id.sequence(), event, System.nanoTime(), fromChannel)) {
            holes.add(topic);
        }
    }

    /**
     * Notes this node's own event seen on the channel; see {@link TopicOrder#echoed}.
     *
     * @param topic the topic
     * @param id its cluster id
     */
    void echoed(String topic, ClusterId id) {
        if (order(topic).echoed(id.epoch(), id.sequence(), System.nanoTime())) {
            holes.add(topic);
        }
    }

    /**
     * Notes that this node is about to sequence events of a topic; see {@link TopicOrder#expect}. Called by the
     * publisher thread before each script call.
     *
     * @param topic the topic
     */
    void expect(String topic) {
        order(topic).expect();
    }

    /**
     * Tells whether some topic's start is unknown, so that this node's own events on the channel are worth reading.
     *
     * @return {@code true} while a cursor waits for its start
     */
    boolean anyUnstarted() {
        return unstarted.get() > 0;
    }

    private TopicOrder order(String topic) {
        return topics.computeIfAbsent(topic, t -> new TopicOrder(e -> deliver(t, e), unstarted));
    }

    /**
     * Returns the holes due for filling (and forgets topics whose hole closed by itself).
     *
     * @param waitNanos the hole wait
     * @param startWaitNanos the wait of an unknown start for the channel
     * @return topic and hole, for each due one
     */
    List<Map.Entry<String, TopicOrder.Hole>> dueHoles(long waitNanos, long startWaitNanos) {
        if (holes.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, TopicOrder.Hole>> due = new ArrayList<>();
        long now = System.nanoTime();
        for (String topic : holes) {
            holes.remove(topic);
            TopicOrder order = topics.get(topic);
            TopicOrder.Hole hole = order.holeDue(now, waitNanos, startWaitNanos);
            if (hole != null) {
                due.add(Map.entry(topic, hole));
            }
            if (hole != null || order.hasHole()) {
                holes.add(topic);   // removed first, then re-added: an offer racing with this keeps its hole
            }
        }
        return due;
    }

    /**
     * Returns what a recovery must read for every topic this node follows.
     *
     * @return topic and the sequences after its cursor
     */
    List<Map.Entry<String, TopicOrder.Hole>> afterCursors() {
        List<Map.Entry<String, TopicOrder.Hole>> all = new ArrayList<>();
        topics.forEach((topic, order) -> {
            TopicOrder.Hole hole = order.afterCursor();
            if (hole != null) {
                all.add(Map.entry(topic, hole));
            }
        });
        return all;
    }

    /**
     * Delivers what the stream had for a hole; see {@link TopicOrder#filled}.
     *
     * @param topic the topic
     * @param read what was read, and the state of the topic in Redis
     */
    void filled(String topic, StreamRead read) {
        TopicOrder order = topics.get(topic);
        if (order != null && order.filled(read.hole(), read.epoch(), read.head(), read.entries(), System.nanoTime())) {
            holes.add(topic);
        }
    }

    /** Describes a topic's cursor and whether it is waiting for a hole fill, for diagnostics. */
    String describe(String topic) {
        return topic + ": " + topics.get(topic) + (holes.contains(topic) ? " (hole listed)" : "");
    }

    long duplicates() {
        return topics.values().stream().mapToLong(TopicOrder::duplicates).sum();
    }

    long gapsMarked() {
        return topics.values().stream().mapToLong(TopicOrder::gapsMarked).sum();
    }

    private void deliver(String topic, ServerSentEvent event) {
        try {
            hub.deliverLocal(topic, event);
        } catch (RuntimeException e) {
            log.log("deliver", Level.WARNING, () -> "Redis backplane could not deliver an event of topic '" + topic
                    + "' on this node: " + e);
        }
    }

    /**
     * What was read from a topic's stream for a hole.
     *
     * @param hole the hole
     * @param epoch the topic's epoch in Redis, or {@code null} for none
     * @param head the topic's last sequence in Redis
     * @param entries the stream's entries in the hole, ascending; a {@code null} event for one to skip
     */
    record StreamRead(TopicOrder.Hole hole, String epoch, long head, List<Map.Entry<Long, ServerSentEvent>> entries) {
    }
}
