package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hub-assigned ids, the history ring and replay after a given id. */
class HistoryAndReplayTest {

    private static DefaultServerSentEventHub hub(int historySize) {
        return new DefaultServerSentEventHub(StreamOptions.builder().historySize(historySize)
                .subscriberBuffer(1000).build(), null);
    }

    private static List<String> ids(List<ServerSentEvent> events) {
        return events.stream().map(ServerSentEvent::id).toList();
    }

    private static List<String> drainIds(Subscription subscription) {
        List<String> ids = new ArrayList<>();
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            ids.add(event.id());
        }
        return ids;
    }

    @Test
    void hubAssignsIncreasingIdsPerTopicAndKeepsGivenOnes() {
        DefaultServerSentEventHub hub = hub(8);
        Subscription a = hub.subscribe("a");
        Subscription b = hub.subscribe("b");
        hub.broadcast("a", ServerSentEvent.of("x"));
        hub.broadcast("a", ServerSentEvent.of("x").withId("custom"));
        hub.broadcast("a", ServerSentEvent.of("x"));
        hub.broadcast("b", ServerSentEvent.of("x"));
        assertEquals(List.of("1", "custom", "3"), drainIds(a));
        assertEquals(List.of("1"), drainIds(b));
    }

    @Test
    void replayReturnsEverythingAfterTheGivenId() {
        DefaultServerSentEventHub hub = hub(8);
        for (int i = 0; i < 5; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i));
        }
        Replay replay = hub.replay("t", "2");
        assertTrue(replay.complete());
        assertEquals(List.of("3", "4", "5"), ids(replay.events()));
        Replay latest = hub.replay("t", "5");
        assertTrue(latest.complete());
        assertTrue(latest.events().isEmpty());
    }

    @Test
    void ringWrapsAroundAndReportsIdsOlderThanIt() {
        DefaultServerSentEventHub hub = hub(4);
        for (int i = 0; i < 10; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i));
        }
        assertEquals(List.of("8", "9", "10"), ids(hub.replay("t", "7").events()));
        assertEquals(List.of("8", "9", "10"), ids(hub.replay("t", "7").events()));
        Replay tooOld = hub.replay("t", "6");
        assertFalse(tooOld.complete(), "id 6 fell out of a ring of 4 holding 7..10");
        assertTrue(tooOld.events().isEmpty());
        assertFalse(hub.replay("t", "no-such-id").complete());
        assertFalse(hub.replay("never-used", "1").complete());
    }

    @Test
    void disabledHistoryNeverReplays() {
        DefaultServerSentEventHub hub = hub(0);
        Subscription live = hub.subscribe("t");
        hub.broadcast("t", ServerSentEvent.of("x"));
        assertEquals(List.of("1"), drainIds(live));
        assertFalse(hub.replay("t", "1").complete());
        Subscription resumed = hub.subscribe("t", "1", s -> { });
        assertTrue(resumed.resyncRequired());
        assertEquals(0, resumed.pending());
    }

    @Test
    void subscribeWithLastEventIdReplaysThenContinuesLive() {
        DefaultServerSentEventHub hub = hub(16);
        for (int i = 0; i < 4; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i));
        }
        AtomicInteger signals = new AtomicInteger();
        Subscription resumed = hub.subscribe("t", "2", s -> signals.incrementAndGet());
        assertFalse(resumed.resyncRequired());
        assertEquals(1, signals.get(), "replayed events are signalled like live ones");
        hub.broadcast("t", ServerSentEvent.of("live"));
        assertEquals(List.of("3", "4", "5"), drainIds(resumed));
    }

    @Test
    void unknownLastEventIdAsksForResyncAndStillGoesLive() {
        DefaultServerSentEventHub hub = hub(2);
        for (int i = 0; i < 5; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i));
        }
        Subscription resumed = hub.subscribe("t", "1", s -> { });
        assertTrue(resumed.resyncRequired());
        hub.broadcast("t", ServerSentEvent.of("live"));
        assertEquals(List.of("6"), drainIds(resumed));
        assertFalse(hub.subscribe("t", "", s -> { }).resyncRequired(), "an empty id means live only");
    }

    @Test
    void replayIsNotLimitedBySubscriberBuffer() {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.builder().historySize(64)
                .subscriberBuffer(2).build(), null);
        for (int i = 0; i < 40; i++) {
            hub.broadcast("t", ServerSentEvent.of("d" + i));
        }
        Subscription resumed = hub.subscribe("t", "10", s -> { });
        assertEquals(30, resumed.pending());
        assertEquals(0, resumed.dropped());
    }
}
