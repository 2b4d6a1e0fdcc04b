package dev.melody.stream.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One topic's cursor and reorder buffer, driven with explicit clock values. */
class TopicOrderTest {

    private static final String E = "0123456789ab";
    private static final String F = "ba9876543210";
    private static final long WAIT = 50;
    private static final long START_WAIT = 1000;

    private final List<ServerSentEvent> delivered = new ArrayList<>();
    private final AtomicInteger unstarted = new AtomicInteger();
    private final TopicOrder order = new TopicOrder(delivered::add, unstarted);

    private static ServerSentEvent event(String epoch, long seq) {
        return ServerSentEvent.of("e" + seq).withId(epoch + "-" + seq);
    }

    private List<String> ids() {
        return delivered.stream().map(ServerSentEvent::id).toList();
    }

    private boolean offer(long seq, long now) {
        return order.offer(E, seq, event(E, seq), now, false);
    }

    @Test
    void eventsOutOfOrderAreDeliveredInSequenceOrderOnce() {
        offer(1, 1);
        assertTrue(offer(3, 2));
        assertEquals(List.of(E + "-1"), ids());
        assertFalse(offer(2, 3));
        offer(2, 4);
        offer(1, 5);
        assertEquals(List.of(E + "-1", E + "-2", E + "-3"), ids());
        assertEquals(2, order.duplicates());
    }

    @Test
    void ownNoticeAdvancesTheCursorWithoutDelivery() {
        offer(1, 1);
        order.offer(E, 2, null, 2, false);
        offer(3, 3);
        assertEquals(List.of(E + "-1", E + "-3"), ids());
    }

    @Test
    void holeIsDueOnlyAfterTheWaitAndIsFilledFromTheStream() {
        offer(1, 1);
        offer(4, 10);
        assertNull(order.holeDue(10 + WAIT - 1, WAIT, START_WAIT));
        TopicOrder.Hole hole = order.holeDue(10 + WAIT, WAIT, START_WAIT);
        assertEquals(new TopicOrder.Hole(E, 2, 3), hole);
        assertFalse(order.filled(hole, E, 4, List.of(Map.entry(2L, event(E, 2)), Map.entry(3L, event(E, 3))), 70));
        assertEquals(List.of(E + "-1", E + "-2", E + "-3", E + "-4"), ids());
    }

    @Test
    void whatTheStreamNoLongerHasBecomesAGapMarkerAtItsPlace() {
        offer(1, 1);
        offer(5, 2);
        TopicOrder.Hole hole = order.holeDue(100, WAIT, START_WAIT);
        order.filled(hole, E, 5, List.of(Map.entry(4L, event(E, 4))), 100);
        assertEquals(List.of(E + "-1", E + "-3", E + "-4", E + "-5"), ids());
        ServerSentEvent gap = delivered.get(1);
        assertEquals(StreamMarkers.GAP, gap.event());
        assertEquals("{\"missed\":2}", gap.data());
        assertEquals(1, order.gapsMarked());
    }

    @Test
    void holeInALostEpochIsMarkedWhole() {
        offer(1, 1);
        offer(4, 2);
        order.filled(order.holeDue(100, WAIT, START_WAIT), null, 0, List.of(), 100);
        assertEquals(List.of(E + "-1", E + "-3", E + "-4"), ids());
        assertEquals("{\"missed\":2}", delivered.get(1).data());
    }

    @Test
    void newEpochStartsTheCursorAgainAtOne() {
        offer(1, 1);
        offer(2, 2);
        order.offer(F, 1, event(F, 1), 3, false);
        order.offer(F, 2, event(F, 2), 4, false);
        offer(3, 5);   // a straggler of the old epoch starts that epoch again: counted as new, delivered in order
        assertEquals(List.of(E + "-1", E + "-2", F + "-1", F + "-2"), ids());
    }

    @Test
    void newEpochSeenMidwayIsFilledFromItsStart() {
        offer(1, 1);
        order.offer(F, 3, event(F, 3), 2, false);
        TopicOrder.Hole hole = order.holeDue(100, WAIT, START_WAIT);
        assertEquals(new TopicOrder.Hole(F, 1, 2), hole);
        order.filled(hole, F, 3, List.of(Map.entry(1L, event(F, 1)), Map.entry(2L, event(F, 2))), 100);
        assertEquals(List.of(E + "-1", F + "-1", F + "-2", F + "-3"), ids());
    }

    @Test
    void topicJoinedMidwayStartsAtTheFirstEventTheChannelCarried() {
        offer(9, 1);                                            // this node's own reply overtook the channel
        assertEquals(1, unstarted.get());
        assertNull(order.holeDue(100, WAIT, START_WAIT));       // the start waits for the channel, not the hole wait
        assertTrue(delivered.isEmpty());
        order.offer(E, 7, event(E, 7), 101, true);              // another node's event: the channel's first
        assertEquals(0, unstarted.get());
        assertEquals(List.of(E + "-7"), ids());
        order.offer(E, 8, event(E, 8), 102, true);
        assertEquals(List.of(E + "-7", E + "-8", E + "-9"), ids());
    }

    @Test
    void ownEchoFixesTheStartWithoutDelivering() {
        order.echoed(E, 5, 1);
        assertEquals(0, unstarted.get());
        assertTrue(delivered.isEmpty());
        offer(5, 2);
        assertEquals(List.of(E + "-5"), ids());
    }

    @Test
    void ownFirstEventsOfANewTopicAreDeliveredWhenAnotherNodesLaterEventOvertakesTheReplies() {
        order.expect();                                         // about to sequence a topic never seen here
        assertEquals(1, unstarted.get(), "the listener reads this node's own events until the start is known");
        order.echoed(E, 1, 1);                                  // this node's first event, back on the channel
        assertEquals(0, unstarted.get());
        order.offer(E, 129, event(E, 129), 2, true);            // another node's, before this node's replies
        for (long seq = 1; seq <= 128; seq++) {
            offer(seq, 3);
        }
        assertEquals(129, delivered.size());
        assertEquals(E + "-129", delivered.get(128).id());
        assertEquals(0, order.duplicates());
    }

    @Test
    void expectingATopicAlreadyFollowedChangesNothing() {
        offer(1, 1);
        order.expect();
        assertEquals(0, unstarted.get());
        offer(2, 2);
        assertEquals(List.of(E + "-1", E + "-2"), ids());
    }

    @Test
    void silentChannelStartsAtTheLowestSequenceHeldAfterTheStartWait() {
        offer(8, 1);
        offer(7, 2);
        assertNull(order.holeDue(1 + WAIT, WAIT, START_WAIT));
        assertNull(order.holeDue(1 + START_WAIT, WAIT, START_WAIT));
        assertEquals(List.of(E + "-7", E + "-8"), ids());
        assertEquals(0, unstarted.get());
    }

    @Test
    void recoveryReadsEverythingAfterTheCursor() {
        offer(1, 1);
        offer(2, 2);
        TopicOrder.Hole after = order.afterCursor();
        assertEquals(new TopicOrder.Hole(E, 3, Long.MAX_VALUE), after);
        order.filled(after, E, 4, List.of(Map.entry(3L, event(E, 3)), Map.entry(4L, event(E, 4))), 3);
        offer(4, 4);
        offer(5, 5);
        assertEquals(List.of(E + "-1", E + "-2", E + "-3", E + "-4", E + "-5"), ids());
    }
}
