package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hub-assigned epoch ids, the topic log as history, and replay after a given id: exact, or said not to be. */
class HistoryAndReplayTest {

    private static DefaultServerSentEventHub hub(int historySize) {
        return new DefaultServerSentEventHub(StreamOptions.builder().historySize(historySize).build(), null);
    }

    /** Broadcasts {@code count} events to {@code topic} and returns the id of the last. */
    private static String broadcast(DefaultServerSentEventHub hub, String topic, int count) {
        String last = null;
        for (int i = 0; i < count; i++) {
            Subscription probe = hub.subscribe(topic);
            hub.broadcast(topic, ServerSentEvent.of("d" + i));
            last = probe.poll().id();
            probe.close();
        }
        return last;
    }

    private static List<Long> sequences(List<ServerSentEvent> events) {
        return events.stream().map(event -> LogIds.sequence(event.id())).toList();
    }

    private static List<ServerSentEvent> drain(Subscription subscription) {
        List<ServerSentEvent> events = new ArrayList<>();
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            events.add(event);
        }
        return events;
    }

    @Test
    void hubAssignsEpochIdsIncreasingPerTopicAndKeepsGivenOnes() {
        DefaultServerSentEventHub hub = hub(8);
        Subscription a = hub.subscribe("a");
        Subscription b = hub.subscribe("b");
        hub.broadcast("a", ServerSentEvent.of("x"));
        hub.broadcast("a", ServerSentEvent.of("x").withId("custom"));
        hub.broadcast("a", ServerSentEvent.of("x"));
        hub.broadcast("b", ServerSentEvent.of("x"));
        List<ServerSentEvent> ofA = drain(a);
        String first = ofA.get(0).id();
        assertTrue(first.matches("[0-9a-f]{12}-1"), first);
        assertEquals(List.of(first, "custom", LogIds.sibling(first, 3)), ofA.stream().map(ServerSentEvent::id).toList());
        String ofB = drain(b).get(0).id();
        assertEquals(1, LogIds.sequence(ofB));
        assertNotEquals(LogIds.epoch(first), LogIds.epoch(ofB), "each topic history has its own epoch");
    }

    @Test
    void replayReturnsEverythingAfterTheGivenId() {
        DefaultServerSentEventHub hub = hub(8);
        String last = broadcast(hub, "t", 5);
        Replay replay = hub.replay("t", LogIds.sibling(last, 2));
        assertTrue(replay.complete());
        assertEquals(List.of(3L, 4L, 5L), sequences(replay.events()));
        Replay latest = hub.replay("t", last);
        assertTrue(latest.complete());
        assertTrue(latest.events().isEmpty());
    }

    @Test
    void logWrapsAroundAndReportsIdsOlderThanIt() {
        DefaultServerSentEventHub hub = hub(4);
        String last = broadcast(hub, "t", 10);                     // the log holds 7..10
        assertEquals(List.of(8L, 9L, 10L), sequences(hub.replay("t", LogIds.sibling(last, 7)).events()));
        assertEquals(List.of(7L, 8L, 9L, 10L), sequences(hub.replay("t", LogIds.sibling(last, 6)).events()),
                "everything after 6 is still retained, so the replay is exact");
        Replay tooOld = hub.replay("t", LogIds.sibling(last, 5));
        assertFalse(tooOld.complete(), "7 is the oldest retained, so what followed 5 is partly lost");
        assertTrue(tooOld.events().isEmpty());
        assertFalse(hub.replay("t", LogIds.sibling(last, 11)).complete(), "a sequence not yet reached");
        assertFalse(hub.replay("t", "no-such-id").complete());
        assertFalse(hub.replay("never-used", last).complete());
    }

    @Test
    void anIdOfAnotherRunIsNeverAnsweredWithThisRunsEvents() {
        DefaultServerSentEventHub before = hub(64);
        String heldByTheClient = broadcast(before, "t", 3);
        before.shutdown();

        DefaultServerSentEventHub restarted = hub(64);             // the application restarted: ids start again
        String newest = broadcast(restarted, "t", 10);
        assertEquals(10, LogIds.sequence(newest));
        Subscription resumed = restarted.subscribe("t", heldByTheClient, s -> { });
        assertTrue(resumed.resyncRequired(), "another epoch: resynchronise, never replay 4..10 of this run");
        assertEquals(0, resumed.pending());
        assertFalse(restarted.replay("t", heldByTheClient).complete());
        restarted.broadcast("t", ServerSentEvent.of("live"));
        assertEquals(List.of("live"), drain(resumed).stream().map(ServerSentEvent::data).toList());
    }

    @Test
    void malformedEmptyOverLongAndForeignIdsGetTheResyncAndNothingElse() {
        DefaultServerSentEventHub hub = hub(64);
        String last = broadcast(hub, "t", 5);
        String epoch = LogIds.epoch(last);
        List<String> hostile = List.of("3", "abc", epoch + "-", epoch + "-0", epoch + "--1", epoch + "-3x",
                epoch + "-99999999999999999999", "000000000000-3", "x".repeat(100_000),
                "\u00e9" + epoch.substring(1) + "-3", epoch + "-+3");
        for (String id : hostile) {
            Subscription resumed = hub.subscribe("t", id, s -> { });
            assertTrue(resumed.resyncRequired(), () -> "resync for " + id.substring(0, Math.min(40, id.length())));
            assertNull(resumed.poll(), "nothing replayed");
            resumed.close();
        }
        assertFalse(hub.subscribe("t", "", s -> { }).resyncRequired(), "an empty id means live only");
        assertEquals(List.of(4L, 5L), sequences(drain(hub.subscribe("t", LogIds.sibling(last, 3), s -> { }))),
                "the well-formed id of this epoch still replays");
    }

    @Test
    void disabledHistoryNeverReplays() {
        DefaultServerSentEventHub hub = hub(0);
        Subscription live = hub.subscribe("t");
        hub.broadcast("t", ServerSentEvent.of("x"));
        String id = live.poll().id();
        assertEquals(1, LogIds.sequence(id));
        assertFalse(hub.replay("t", id).complete());
        Subscription resumed = hub.subscribe("t", id, s -> { });
        assertTrue(resumed.resyncRequired());
        assertEquals(0, resumed.pending());
    }

    @Test
    void disabledHistoryForgetsTheTopicWithItsLastSubscriber() {
        DefaultServerSentEventHub hub = hub(0);
        Subscription only = hub.subscribe("t");
        hub.broadcast("t", ServerSentEvent.of("x"));
        only.close();
        assertTrue(hub.topics().isEmpty());
        assertEquals(0, hub.statistics().retainedBytes());
    }

    @Test
    void subscribeWithLastEventIdReplaysThenContinuesLive() {
        DefaultServerSentEventHub hub = hub(16);
        String last = broadcast(hub, "t", 4);
        AtomicInteger signals = new AtomicInteger();
        Subscription resumed = hub.subscribe("t", LogIds.sibling(last, 2), s -> signals.incrementAndGet());
        assertFalse(resumed.resyncRequired());
        assertEquals(1, signals.get(), "replayed events are signalled like live ones");
        hub.broadcast("t", ServerSentEvent.of("live"));
        assertEquals(1, signals.get(), "one signal is outstanding until a poll returns null");
        assertEquals(List.of(3L, 4L, 5L), sequences(drain(resumed)));
    }

    @Test
    void applicationSuppliedIdsResumeByEquality() {
        DefaultServerSentEventHub hub = hub(16);
        for (int i = 1; i <= 4; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i).withId("order-" + i));
        }
        Subscription resumed = hub.subscribe("t", "order-2", s -> { });
        assertFalse(resumed.resyncRequired());
        assertEquals(List.of("order-3", "order-4"), drain(resumed).stream().map(ServerSentEvent::id).toList());
        assertTrue(hub.subscribe("t", "order-9", s -> { }).resyncRequired());
    }

    @Test
    void replayIsNotLimitedBySubscriberBuffer() {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.builder().historySize(64)
                .subscriberBuffer(2).build(), null);
        String last = broadcast(hub, "t", 40);
        Subscription resumed = hub.subscribe("t", LogIds.sibling(last, 10), s -> { });
        assertEquals(30, resumed.pending());
        assertEquals(30, drain(resumed).size());
        assertEquals(0, resumed.dropped());
    }
}
