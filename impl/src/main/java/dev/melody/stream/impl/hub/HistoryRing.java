package dev.melody.stream.impl.hub;

import dev.melody.stream.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events of one topic, oldest first, for replay after a reconnect.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: every method is called with the owning {@link TopicChannel}'s lock
 * held, which is what makes a replay consistent with concurrent broadcasts.
 *
 * <p><b>Lifecycle.</b> Created with its topic channel when history is enabled; lives as long as the channel.
 */
final class HistoryRing {

    private final ServerSentEvent[] slots;
    private int next;   // index of the slot the next event goes to
    private int size;   // number of retained events, at most slots.length

    HistoryRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, was " + capacity);
        }
        this.slots = new ServerSentEvent[capacity];
    }

    /** Appends an event, overwriting the oldest once full. */
    void add(ServerSentEvent event) {
        slots[next] = event;
        next = (next + 1) % slots.length;
        if (size < slots.length) {
            size++;
        }
    }

    /** Returns the number of retained events. */
    int size() {
        return size;
    }

    /**
     * Returns the retained events after the newest one whose id equals {@code id}, oldest first, or {@code null}
     * when no retained event has that id.
     */
    List<ServerSentEvent> after(String id) {
        for (int back = 0; back < size; back++) {
            ServerSentEvent candidate = slots[indexFromNewest(back)];
            if (id.equals(candidate.id())) {
                List<ServerSentEvent> newer = new ArrayList<>(back);
                for (int i = back - 1; i >= 0; i--) {
                    newer.add(slots[indexFromNewest(i)]);
                }
                return newer;
            }
        }
        return null;
    }

    private int indexFromNewest(int back) {
        return Math.floorMod(next - 1 - back, slots.length);
    }
}
