package dev.melody.stream.redis;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One topic's place in the cluster's sequence on this node: delivers the topic's sequenced events locally exactly
 * once and in sequence order, whatever order they arrive in.
 *
 * <p><b>Role.</b> A cursor ({@code epoch}, {@code last}: the last sequence delivered) and a reorder buffer. An event
 * with {@code seq = last + 1} is delivered, and the buffered ones that follow it; a duplicate ({@code seq <= last})
 * is dropped; a later one waits in the buffer, and the gap before it is a <i>hole</i> that the backplane fills from
 * the topic's Redis stream once it has stayed open for the hole wait ({@link #holeDue}, {@link #filled}); what the
 * stream no longer has becomes a gap marker ({@link StreamMarkers#gap}) at the place of the loss. An event of another
 * epoch (Redis lost the topic's keys) starts the cursor again at 0 in that epoch.
 *
 * <p>A topic first seen with a sequence above 1 (this node joined a running cluster) has no known start until the
 * channel carries one of its events ({@link #echoed} for this node's own): the channel carries a topic's events in
 * sequence order, and every event sequenced since this node subscribed comes through it, so delivery starts at the
 * first it carried. Until then (this node's own replies may overtake the channel) events are held; if the channel
 * stays silent for the start wait, delivery starts at the lowest sequence held.
 *
 * <p><b>Thread-safety.</b> Every method is synchronized: the publisher and listener threads feed it concurrently;
 * delivery happens under the lock, which is what keeps the order ({@code deliverLocal} does not block).
 *
 * <p><b>Lifecycle.</b> Made by {@link ClusterOrder} on a topic's first sequenced event; lives as long as the
 * backplane.
 */
final class TopicOrder {

    /** A buffered entry that advances the cursor without being delivered (this node's own gap notice). */
    private static final ServerSentEvent SKIP = ServerSentEvent.of("");

    private final Consumer<ServerSentEvent> sink;
    private final AtomicInteger unstarted;
    private final TreeMap<Long, ServerSentEvent> pending = new TreeMap<>();   // guarded by this
    private String epoch;        // guarded by this; null until the first event
    private long last;           // guarded by this
    private boolean started;     // guarded by this; false while the start is unknown
    private long holeSince;      // guarded by this; System.nanoTime() when the current hole opened, 0 for none
    private long duplicates;     // guarded by this
    private long gapsMarked;     // guarded by this

    /**
     * Makes the cursor of one topic.
     *
     * @param sink delivers one event locally ({@code hub.deliverLocal(topic, event)}); called under this object's
     *        lock, must not block
     * @param unstarted the count of cursors whose start is unknown, shared by the topics of one backplane
     */
    TopicOrder(Consumer<ServerSentEvent> sink, AtomicInteger unstarted) {
        this.sink = sink;
        this.unstarted = unstarted;
        this.started = true;   // nothing to start before the first event; counted as unknown only from then on
    }

    /**
     * Offers a sequenced event.
     *
     * @param eventEpoch the epoch it was sequenced in
     * @param seq its sequence
     * @param event the event with its id, or {@code null} to advance past {@code seq} without delivering
     * @param now {@code System.nanoTime()}
     * @param fromChannel whether it came from the channel (another node's), not from this node's sequencer reply
     * @return {@code true} when a hole is open afterwards
     */
    synchronized boolean offer(String eventEpoch, long seq, ServerSentEvent event, long now, boolean fromChannel) {
        if (!eventEpoch.equals(epoch)) {
            boolean known = epoch != null;
            epoch = eventEpoch;
            pending.clear();
            last = 0;
            setStarted(known || seq == 1);   // a new epoch of a topic we followed starts at 1
            holeSince = 0;
        }
        if (started && seq <= last || pending.containsKey(seq)) {
            duplicates++;
            return holeSince != 0;
        }
        pending.put(seq, event == null ? SKIP : event);
        if (fromChannel && !started) {
            startBefore(seq);
        }
        return drain(now);
    }

    /**
     * Notes that this node's own event came back on the channel: it fixes an unknown start, nothing else (the
     * sequencer's reply delivers it).
     *
     * @param eventEpoch the epoch it was sequenced in
     * @param seq its sequence
     * @param now {@code System.nanoTime()}
     * @return {@code true} when a hole is open afterwards
     */
    synchronized boolean echoed(String eventEpoch, long seq, long now) {
        if (epoch == null) {
            epoch = eventEpoch;
            setStarted(false);
        }
        if (started || !eventEpoch.equals(epoch)) {
            return holeSince != 0;
        }
        startBefore(seq);
        return drain(now);
    }

    /**
     * Notes that this node is about to sequence events of the topic: a topic it has not seen yet has no known start
     * from now on, so that the listener reads this node's own events on the channel ({@link #echoed}) until the first
     * of them, or another node's, fixes it. Without this, the listener would skip this node's own first events on the
     * channel as echoes, and another node's later event, overtaking this node's sequencer replies, would fix the start
     * after them: those replies would then be dropped as duplicates.
     */
    synchronized void expect() {
        if (epoch == null) {
            setStarted(false);
        }
    }

    /**
     * Starts an unknown cursor before the first sequence the channel carried for this topic: the channel carries a
     * topic's events in sequence order, and every event sequenced since this node subscribed comes through it.
     */
    private void startBefore(long seq) {
        last = (pending.isEmpty() ? seq : Math.min(seq, pending.firstKey())) - 1;
        setStarted(true);
    }

    private void setStarted(boolean value) {
        if (value != started) {
            started = value;
            unstarted.addAndGet(value ? -1 : 1);
        }
    }

    /**
     * Tells whether the open hole has waited long enough to be filled, and resolves an unknown start once it has.
     *
     * @param now {@code System.nanoTime()}
     * @param waitNanos the hole wait
     * @param startWaitNanos how long an unknown start waits for the channel before starting at the lowest sequence seen
     * @return the sequences to read from the stream, or {@code null} when none is due
     */
    synchronized Hole holeDue(long now, long waitNanos, long startWaitNanos) {
        if (holeSince == 0 || now - holeSince < (started ? waitNanos : startWaitNanos)) {
            return null;
        }
        if (!started) {
            startBefore(pending.firstKey());
            drain(now);
            return holeSince == 0 ? null : holeDue(now, waitNanos, startWaitNanos);
        }
        return new Hole(epoch, last + 1, pending.firstKey() - 1);
    }

    /**
     * Returns what a recovery must read: everything after the cursor up to the head of the topic.
     *
     * @return the epoch and next sequence, or {@code null} before the first event
     */
    synchronized Hole afterCursor() {
        return epoch == null || !started ? null : new Hole(epoch, last + 1, Long.MAX_VALUE);
    }

    /**
     * Delivers what was read from the stream for a hole, and marks what it no longer had.
     *
     * @param hole the hole asked for
     * @param streamEpoch the topic's epoch in Redis now, or {@code null} when it has none
     * @param head the topic's last sequence in Redis now
     * @param entries the stream's entries in the hole, ascending; {@code null} event for one to skip
     * @param now {@code System.nanoTime()}
     * @return {@code true} when a hole is still open afterwards
     */
    synchronized boolean filled(Hole hole, String streamEpoch, long head, List<Map.Entry<Long, ServerSentEvent>> entries,
                                long now) {
        if (!hole.epoch().equals(epoch) || !started) {
            return holeSince != 0;   // the cursor moved to another epoch meanwhile
        }
        boolean recovery = hole.to() == Long.MAX_VALUE;
        if (!hole.epoch().equals(streamEpoch)) {
            if (!recovery) {
                markGapBefore(hole.to() + 1);   // Redis lost the epoch: the hole cannot be filled
            }
            // after an outage nothing tells how many of the lost epoch's events were missed; its successor resets us
        } else {
            for (Map.Entry<Long, ServerSentEvent> entry : entries) {
                pending.putIfAbsent(entry.getKey(), entry.getValue() == null ? SKIP : entry.getValue());
            }
            long end = recovery ? head : hole.to();
            Iterator<Map.Entry<Long, ServerSentEvent>> it = pending.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, ServerSentEvent> next = it.next();
                if (next.getKey() > end) {
                    break;
                }
                it.remove();
                if (next.getKey() > last) {
                    markGapBefore(next.getKey());
                    deliver(next.getKey(), next.getValue());
                }
            }
            markGapBefore(end + 1);
        }
        holeSince = 0;
        return drain(now);
    }

    private void markGapBefore(long seq) {
        if (seq > last + 1) {
            long missed = seq - 1 - last;
            sink.accept(StreamMarkers.gap(epoch + '-' + (seq - 1), missed));
            gapsMarked++;
            last = seq - 1;
        }
    }

    private void deliver(long seq, ServerSentEvent event) {
        if (event != null && event != SKIP) {
            sink.accept(event);
        }
        last = seq;
    }

    /** Delivers the buffered run after the cursor; returns whether a hole is left, and times it. */
    private boolean drain(long now) {
        if (!started) {
            if (holeSince == 0) {
                holeSince = now;
            }
            return true;
        }
        boolean moved = false;
        Iterator<Map.Entry<Long, ServerSentEvent>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, ServerSentEvent> next = it.next();
            if (next.getKey() != last + 1) {
                break;
            }
            it.remove();
            deliver(next.getKey(), next.getValue());
            moved = true;
        }
        if (pending.isEmpty()) {
            holeSince = 0;
        } else if (holeSince == 0 || moved) {
            holeSince = now == 0 ? 1 : now;
        }
        return holeSince != 0;
    }

    @Override
    public synchronized String toString() {
        return "TopicOrder[epoch=" + epoch + ", last=" + last + ", started=" + started + ", pending=" + pending.size()
                + (pending.isEmpty() ? "" : " from " + pending.firstKey()) + ", holeSince=" + holeSince + "]";
    }

    synchronized boolean hasHole() {
        return holeSince != 0;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long gapsMarked() {
        return gapsMarked;
    }

    synchronized String epoch() {
        return epoch;
    }

    synchronized long last() {
        return last;
    }

    /**
     * Sequences to read from a topic's stream.
     *
     * @param epoch the epoch they belong to
     * @param from the first sequence
     * @param to the last sequence, {@link Long#MAX_VALUE} for up to the head
     */
    record Hole(String epoch, long from, long to) {
    }
}
