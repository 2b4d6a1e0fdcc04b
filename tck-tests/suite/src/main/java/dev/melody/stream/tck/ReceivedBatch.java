package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import java.util.regex.Matcher;

/**
 * Follows what one subscriber receives of a batch broadcast by {@code SseProbeServlet}'s {@code batch} probe (data
 * {@code prefix + i}, padded with {@code x}, for {@code i} from 0) on a topic that had no other events, and checks
 * the topic log's promise event by event:
 * <ul>
 * <li>events come in broadcast order, with hub-assigned ids of one epoch whose sequence is {@code i + 1};</li>
 * <li>a hole is allowed only right after gap markers ({@value Markers#GAP}, data {@code {"missed":N}},
 * {@code N > 0}), whose {@code N}s add up to exactly the number of events skipped, each with the id of the last
 * event it skipped.</li>
 * </ul>
 * Not thread-safe: fed by one test thread.
 */
final class ReceivedBatch {

    private final String prefix;
    private final int count;
    private int next;
    private Event marker;
    private int missed;
    private int markers;
    private long missedInAll;
    private String epoch;
    private int resumedAt = -1;

    /**
     * Starts following a batch.
     *
     * @param prefix the batch's data prefix
     * @param count the number of events broadcast
     */
    ReceivedBatch(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
    }

    /**
     * Takes the next event the subscriber received and checks it against everything received before.
     *
     * @param event the event
     */
    void accept(Event event) {
        assertTrue(next < count, () -> "an event after the whole batch had arrived: " + brief(event));
        if (Markers.GAP.equals(event.type())) {
            acceptMarker(event);
            return;
        }
        assertEquals("message", event.type(), () -> "an event of an unexpected type: " + brief(event));
        int index = index(event);
        assertEquals(next + missed, index, () -> (index < next + missed ? "an event out of order or repeated"
                : marker == null ? "a hole without a gap marker"
                : "gap markers whose missed counts are not the hole: " + brief(marker)) + "; after " + (next - 1)
                + " came " + brief(event));
        assertEquals(epoch(event) + "-" + (index + 1), event.lastEventId(), () -> "id of " + brief(event));
        if (marker != null) {
            resumedAt = index;
        }
        next = index + 1;
        marker = null;
        missed = 0;
    }

    /**
     * A marker adds its count to the hole; a marker may follow a marker when the log moved on again before the
     * subscriber took the event after the first one (the broadcasts went on), each counting its own part.
     */
    private void acceptMarker(Event event) {
        Matcher matcher = Markers.GAP_DATA.matcher(event.data());
        assertTrue(matcher.matches(), () -> "gap marker data is not {\"missed\":N}: " + brief(event));
        int more = Integer.parseInt(matcher.group(1));
        assertTrue(more > 0 && next + missed + more < count, () -> "gap marker after " + (next - 1)
                + " misses none or more than the rest of the batch: " + brief(event));
        missed += more;
        assertEquals(epoch(event) + "-" + (next + missed), event.lastEventId(),
                () -> "the gap marker's id is the last missed event's, " + (next + missed - 1) + ": " + brief(event));
        marker = event;
        markers++;
        missedInAll += more;
    }

    /** Returns the batch's epoch, learnt from the first id; fails the test if this event's id is not a hub id. */
    private String epoch(Event event) {
        String received = EventId.parse(event.lastEventId()).epoch();
        if (epoch == null) {
            epoch = received;
        }
        return epoch;
    }

    private int index(Event event) {
        String data = event.data().replaceAll("x+$", "");
        assertTrue(data.startsWith(prefix), () -> "not an event of the batch " + prefix + ": " + brief(event));
        return Integer.parseInt(data.substring(prefix.length()));
    }

    private static String brief(Event event) {
        String data = event.data().length() > 40 ? event.data().substring(0, 40) + "…" : event.data();
        return event.type() + " id=" + event.lastEventId() + " data=" + data;
    }

    /** Tells whether the batch's last event has arrived. */
    boolean complete() {
        return next == count;
    }

    /** Returns the number of gap markers received. */
    int markers() {
        return markers;
    }

    /** Returns the number of events the gap markers said were missed, in all. */
    long missed() {
        return missedInAll;
    }

    /** Returns the index of the event that followed the last gap marker, or -1 if there was none. */
    int resumedAt() {
        return resumedAt;
    }

    /** Returns what was received so far, for a failure message. */
    @Override
    public String toString() {
        return "batch " + prefix + ": up to " + (next - 1) + " of " + (count - 1) + ", " + markers
                + " gap marker(s), " + missedInAll + " missed, resumed at " + resumedAt + " after the last";
    }
}
