package dev.melody.stream.impl.hub;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.spi.EventIdScheme;
import dev.melody.stream.spi.EventIdScheme.Position;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One topic's bounded log: every event of the topic appended once, in order, and read by every subscriber at its own
 * position ({@link LogSubscription}); history and live delivery are the same structure, and a replay is a position
 * that starts in the past.
 *
 * <p><b>Structure.</b> A ring of immutable {@link Entry entries}, each carrying its sequence, between {@code head}
 * (the oldest retained sequence) and {@code tail} (the newest). It holds at most {@code maxEvents} entries and at most
 * {@code maxBytes} of estimated size; an append past either bound evicts from the head. The ring starts small and
 * doubles as it fills, so an idle topic with a few events costs a few slots, not its bound.
 *
 * <p><b>Thread-safety.</b> Appends, evictions, subscriber changes and retirement are serialized by this object's
 * monitor (one broadcaster of a topic at a time; different topics in parallel). Readers never lock: a slot is
 * written with release semantics before {@code tail} (volatile) moves past it, and {@code head} moves before the slot
 * of an evicted entry is cleared or reused, so a reader that finds, at its position, no entry or an entry of another
 * sequence knows that its position was evicted and reads {@code head} to learn where the log now starts
 * (the Disruptor's rule: a slot is identified by the sequence it holds, not by its index).
 *
 * <p><b>Lifecycle.</b> Created by the hub on a topic's first use, with a fresh epoch; {@linkplain #retireIfIdle
 * retired} when it expires, when the hub-wide bound evicts it, or (without replay) when its last subscriber leaves.
 * A retired log takes no appends and no subscribers: the hub replaces it with a new one, of a new epoch.
 */
final class TopicLog {

    /**
     * One appended event.
     *
     * @param sequence its sequence in this log's epoch
     * @param event the event as delivered, with its id
     * @param bytes its estimated size
     */
    record Entry(long sequence, ServerSentEvent event, long bytes) {
    }

    /**
     * The result of an append.
     *
     * @param event the event as stamped with its id
     * @param subscribers the subscribers when it was appended, to wake
     * @param bytesDelta the change of this log's retained bytes
     * @param head the oldest retained sequence after the append
     */
    record Appended(ServerSentEvent event, LogSubscription[] subscribers, long bytesDelta, long head) {
    }

    /** The estimated fixed cost of a log, counted in its bytes: the object, its map entry, its first slots. */
    static final long LOG_OVERHEAD_BYTES = 256;

    /**
     * The estimated fixed cost of an entry beside the characters of its data, id and type: the entry, the stamped
     * event, the id string and the data string's own header (for text of one byte per character).
     */
    static final long ENTRY_OVERHEAD_BYTES = 128;

    private static final int INITIAL_SLOTS = 4;
    private static final LogSubscription[] NONE = new LogSubscription[0];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TopicLog.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String topic;
    private final String epoch;
    private final EventIdScheme ids;
    private final int maxEvents;
    private final long maxBytes;
    private final boolean replayable;
    private final boolean ownIdsOnly;
    private volatile Entry[] slots = new Entry[INITIAL_SLOTS];   // length a power of two; replaced under the lock
    private volatile long head = 1;                               // oldest retained sequence; tail + 1 when empty
    private volatile long tail;                                   // newest sequence, 0 before the first
    private long bytes = LOG_OVERHEAD_BYTES;                      // guarded by this
    private volatile LogSubscription[] subscribers = NONE;        // replaced under the lock, never mutated
    private long lastUsedNanos;                                   // guarded by this; the last append or subscriber
                                                                  // change (read racily, see lastUsedNanos())
    private volatile boolean waiting;                             // a subscriber may have armed since the last wake
    private boolean retired;                                      // guarded by this

    TopicLog(String topic, EventIdScheme ids, int maxEvents, long maxBytes, boolean replayable, long nowNanos) {
        this(topic, ids, maxEvents, maxBytes, replayable, false, nowNanos);
    }

    /**
     * Makes a log.
     *
     * @param ownIdsOnly resume only by ids of this log's epoch (with a relaying backplane), never by an id the
     *        application chose or another node assigned
     */
    TopicLog(String topic, EventIdScheme ids, int maxEvents, long maxBytes, boolean replayable, boolean ownIdsOnly,
             long nowNanos) {
        this.topic = topic;
        this.ownIdsOnly = ownIdsOnly;
        this.ids = ids;
        this.epoch = ids.newEpoch(topic);
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.replayable = replayable;
        this.lastUsedNanos = nowNanos;
    }

    String topic() {
        return topic;
    }

    /** Returns the estimated size of an event in the log. */
    private static long estimateBytes(ServerSentEvent event) {
        return ENTRY_OVERHEAD_BYTES + event.data().length() + length(event.id()) + length(event.event());
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * Stamps and appends one event, evicting from the head past the bounds.
     *
     * @return what was appended and whom to wake, or {@code null} if this log was retired meanwhile
     */
    synchronized Appended append(ServerSentEvent event, long nowNanos) {
        if (retired) {
            return null;
        }
        long sequence = tail + 1;
        ServerSentEvent stamped = event.id() == null ? event.withId(idOf(sequence)) : event;
        Entry entry = new Entry(sequence, stamped, estimateBytes(stamped));
        long before = bytes;
        while (head <= tail && (tail - head + 1 >= maxEvents || bytes + entry.bytes() > maxBytes)) {
            evictHeadLocked();
        }
        if (tail - head + 1 == slots.length) {
            growLocked();
        }
        SLOT.setRelease(slots, index(sequence, slots), entry);
        bytes += entry.bytes();
        tail = sequence;                                          // publishes the entry to readers
        lastUsedNanos = nowNanos;
        return new Appended(stamped, subscribers, bytes - before, head);
    }

    /** Evicts the oldest entries until the log holds at most {@code targetBytes}; returns the bytes freed. */
    synchronized long trimTo(long targetBytes) {
        if (retired) {
            return 0;                                             // its bytes left the hub's count with it
        }
        long before = bytes;
        while (head <= tail && bytes > targetBytes) {
            evictHeadLocked();
        }
        return before - bytes;
    }

    private void evictHeadLocked() {
        Entry[] ring = slots;
        int index = index(head, ring);
        Entry evicted = (Entry) SLOT.get(ring, index);
        HEAD.setRelease(this, head + 1);                          // before the slot is cleared or reused; readers
                                                                  // acquire the slot, so a fence buys them nothing
        SLOT.setRelease(ring, index, null);
        bytes -= evicted.bytes();
    }

    /**
     * Doubles the ring; called when it is full, which the eviction before it allows only while it holds fewer than
     * {@code maxEvents}, so it never grows past the power of two at or above {@code maxEvents}.
     */
    private void growLocked() {
        Entry[] ring = slots;
        Entry[] grown = new Entry[ring.length * 2];
        for (long sequence = head; sequence <= tail; sequence++) {
            grown[index(sequence, grown)] = (Entry) SLOT.get(ring, index(sequence, ring));
        }
        slots = grown;                                            // volatile: readers see the copies
    }

    private static int index(long sequence, Entry[] ring) {
        return (int) (sequence & (ring.length - 1));
    }

    /**
     * Returns the entry at a sequence, or {@code null} if that sequence is not (or no longer) retained; lock-free.
     * The caller has read {@link #tail()} at or past the sequence before.
     */
    Entry entryAt(long sequence) {
        Entry[] ring = slots;
        Entry entry = (Entry) SLOT.getAcquire(ring, index(sequence, ring));
        return entry != null && entry.sequence() == sequence ? entry : null;
    }

    long head() {
        return head;
    }

    /**
     * Notes that a subscriber has armed; called by it after arming and before it reads the tail again. Writes only
     * when the flag is down, so that thousands of subscribers arming after one broadcast share the line instead of
     * bouncing it.
     */
    void markWaiting() {
        if (!waiting) {
            waiting = true;
        }
    }

    /**
     * Takes the waiting flag; called by a broadcaster after moving the tail. When it returns {@code false}, no
     * subscriber armed since the last wake could have missed the new tail: one that armed before the flag was last
     * taken was seen by that wake's pass, and one that armed after it raised the flag again (or found it raised) and
     * then reads the new tail itself.
     *
     * @return {@code true} if the subscribers must be visited to wake the armed ones
     */
    boolean takeWaiting() {
        if (waiting) {
            waiting = false;
            return true;
        }
        return false;
    }

    long tail() {
        return tail;
    }

    private String idOf(long sequence) {
        return ids.format(new Position(epoch, sequence));
    }

    /**
     * Returns the gap marker for a subscriber that missed the sequences before {@code resumeAt}. Its id names the
     * last missed event: in this log's epoch, or, when the event it resumes at carries an id of another history
     * (one a sequencing backplane assigned for the whole cluster), the position before it in that history, so that
     * the id means the same on every node.
     */
    ServerSentEvent gapMarker(long resumeAt, long missed) {
        Entry next = entryAt(resumeAt);
        Position resumed = next == null ? null : ids.parse(next.event().id());
        if (resumed != null && !resumed.epoch().equals(epoch) && resumed.sequence() > 1) {
            return StreamMarkers.gap(ids.format(new Position(resumed.epoch(), resumed.sequence() - 1)), missed);
        }
        return StreamMarkers.gap(idOf(resumeAt - 1), missed);
    }

    /** Reads the position an event's id names, or {@code null} when the scheme does not format such ids. */
    Position positionOf(ServerSentEvent event) {
        return ids.parse(event.id());
    }

    /** Tells whether a subscriber resuming after this id would be replayed exactly from this log alone. */
    synchronized boolean covers(String lastEventId) {
        return !retired && resumePositionLocked(lastEventId) >= 0;
    }

    /**
     * Adds a subscriber and sets where it starts: after {@code lastEventId} if that can be replayed exactly, else
     * at the next event, marked as needing a resync.
     *
     * @return {@code false} if this log is retired
     */
    synchronized boolean add(LogSubscription subscription, String lastEventId, long nowNanos) {
        return add(subscription, lastEventId, null, nowNanos);
    }

    /**
     * Adds a subscriber that resumes after {@code lastEventId}, with the events a sequencing backplane's shared
     * history holds after it when this log does not reach back that far.
     *
     * <p>The shared history ends at some position (E, m) of the cluster's history E. This log holds the cluster's
     * events it received, in the cluster's order, with their cluster ids. The subscriber reads the shared history
     * first, then this log from the first entry after (E, m); entries of E at or before m that this log appends
     * later (it was behind the broker) are skipped, so nothing is read twice.
     *
     * @param history the shared history after {@code lastEventId}, or {@code null} when there is none
     * @return {@code false} if this log is retired
     */
    synchronized boolean add(LogSubscription subscription, String lastEventId, List<ServerSentEvent> history,
                             long nowNanos) {
        if (retired) {
            return false;
        }
        boolean resuming = lastEventId != null && !lastEventId.isEmpty();
        long start = resuming ? resumePositionLocked(lastEventId) : -1;
        Position sharedEnd = start < 0 && resuming && history != null
                ? ids.parse(history.isEmpty() ? lastEventId : history.get(history.size() - 1).id()) : null;
        if (sharedEnd != null) {
            subscription.startAt(firstAfterLocked(sharedEnd), false, history, sharedEnd);
        } else {
            subscription.startAt(start < 0 ? tail + 1 : start, start < 0 && resuming, List.of(), null);
        }
        LogSubscription[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = subscription;
        subscribers = grown;
        lastUsedNanos = nowNanos;
        return true;
    }

    /**
     * Returns the sequence of the first entry after the cluster position {@code end}: walking back from the tail
     * over entries of the same history past {@code end}, to the first entry at or before it (or of another history).
     */
    private long firstAfterLocked(Position end) {
        long sequence = tail;
        while (sequence >= head) {
            Entry entry = entryAt(sequence);
            Position at = entry == null ? null : ids.parse(entry.event().id());
            if (at == null || !at.epoch().equals(end.epoch()) || at.sequence() <= end.sequence()) {
                break;
            }
            sequence--;
        }
        return sequence + 1;
    }

    /** Returns the sequence to resume at after the given id, or -1 when it cannot be replayed exactly. */
    private long resumePositionLocked(String lastEventId) {
        if (!replayable) {
            return -1;
        }
        Position position = ids.parse(lastEventId);
        if (position != null && position.epoch().equals(epoch)) {
            return position.sequence() >= head - 1 && position.sequence() <= tail ? position.sequence() + 1 : -1;
        }
        if (ownIdsOnly) {
            return -1;      // relaying: this node's order of other ids may differ from the order the client saw
        }
        // an application-supplied id, or one another node assigned (delivered here by a backplane): the newest event
        // that carries exactly this id, if the log still holds it; an id of another history never matches one
        for (long sequence = tail; sequence >= head; sequence--) {
            Entry entry = entryAt(sequence);
            if (entry != null && lastEventId.equals(entry.event().id())) {
                return sequence + 1;
            }
        }
        return -1;
    }

    /** Removes a subscriber; returns whether it was present. */
    synchronized boolean remove(LogSubscription subscription, long nowNanos) {
        LogSubscription[] current = subscribers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == subscription) {
                LogSubscription[] shrunk = new LogSubscription[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, shrunk.length - i);
                subscribers = shrunk;
                lastUsedNanos = nowNanos;
                return true;
            }
        }
        return false;
    }

    /**
     * Retires this log if it has no subscriber and, when {@code unusedSinceNanos} is given, was not used since.
     *
     * @param unusedSinceNanos retire only if last used before this instant; {@code Long.MAX_VALUE} for any time
     * @return the bytes this log held, or -1 if it was not retired by this call
     */
    synchronized long retireIfIdle(long unusedSinceNanos) {
        if (retired || subscribers.length > 0 || lastUsedNanos - unusedSinceNanos > 0) {
            return -1;
        }
        retired = true;
        return bytes;
    }

    /** Retires this log if it cannot replay and has no subscriber left; returns the bytes it held, or -1. */
    long retireIfUnreplayable() {
        return replayable ? -1 : retireIfIdle(Long.MAX_VALUE);
    }

    /** Returns the retained events after {@code afterId}, or {@code null} if it cannot be replayed exactly. */
    synchronized List<ServerSentEvent> after(String afterId) {
        long start = resumePositionLocked(afterId);
        if (start < 0) {
            return null;
        }
        List<ServerSentEvent> events = new ArrayList<>((int) Math.max(0, tail - start + 1));
        for (long sequence = start; sequence <= tail; sequence++) {
            events.add(entryAt(sequence).event());
        }
        return events;
    }

    LogSubscription[] subscribers() {
        return subscribers;
    }

    int subscriberCount() {
        return subscribers.length;
    }

    /** NOTE: read without the lock, to sort logs for eviction: a value a moment old only changes the order. */
    long lastUsedNanos() {
        return lastUsedNanos;
    }

    synchronized long bytes() {
        return bytes;
    }
}
