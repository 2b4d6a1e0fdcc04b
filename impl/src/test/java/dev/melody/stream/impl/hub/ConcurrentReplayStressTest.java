package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Replay against concurrent broadcasters: subscribers that join mid-stream with the id of the last event they saw
 * receive every later event exactly once, in order, while several threads keep broadcasting to the topic.
 */
class ConcurrentReplayStressTest {

    private static final int BROADCASTERS = 4;
    private static final int EVENTS_PER_BROADCASTER = 5_000;
    private static final int TOTAL = BROADCASTERS * EVENTS_PER_BROADCASTER;
    private static final int JOINERS = 20;

    @Test
    void subscribersJoiningMidStreamSeeNoGapAndNoDuplicate() throws Exception {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.builder()
                .historySize(TOTAL).build(), null);
        Subscription observer = hub.subscribe("t");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(BROADCASTERS);
        for (int b = 0; b < BROADCASTERS; b++) {
            pool.execute(() -> {
                try {
                    start.await();
                    for (int i = 0; i < EVENTS_PER_BROADCASTER; i++) {
                        hub.broadcast("t", ServerSentEvent.of("x"));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        start.countDown();

        List<Subscription> joiners = new ArrayList<>();
        List<Long> joinedAfter = new ArrayList<>();
        long expected = 1;
        while (expected <= TOTAL) {
            ServerSentEvent event = observer.poll(Timeouts.WAIT);
            assertEquals(expected, event == null ? -1 : LogIds.sequence(event.id()), "observer sees every id");
            if (joiners.size() < JOINERS && expected % (TOTAL / JOINERS) == 7) {
                joiners.add(hub.subscribe("t", event.id(), s -> { }));
                joinedAfter.add(expected);
            }
            expected++;
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(Timeouts.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNull(failure.get());

        assertEquals(JOINERS, joiners.size());
        for (int j = 0; j < joiners.size(); j++) {
            Subscription joiner = joiners.get(j);
            assertFalse(joiner.resyncRequired());
            long next = joinedAfter.get(j) + 1;
            for (ServerSentEvent event = joiner.poll(); event != null; event = joiner.poll()) {
                assertEquals(next, LogIds.sequence(event.id()), "joiner " + j + " in order, no gap, no duplicate");
                next++;
            }
            assertEquals(TOTAL + 1, next, "joiner " + j + " received everything after its last id");
            assertEquals(0, joiner.dropped());
        }
        assertEquals(TOTAL, hub.statistics().broadcasts());
    }
}
