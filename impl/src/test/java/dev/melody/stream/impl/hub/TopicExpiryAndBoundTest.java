package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.HubStatistics;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Topic logs expire when idle, and all logs together stay within maxRetainedBytes: driven by a fake clock. */
class TopicExpiryAndBoundTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final AtomicLong clock = new AtomicLong();

    private DefaultServerSentEventHub hub(StreamOptions.Builder options) {
        return new DefaultServerSentEventHub(options.build(), null, null, clock::get);
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    /** Broadcasts one event to the topic and returns its id. */
    private static String lastId(DefaultServerSentEventHub hub, String topic) {
        Subscription probe = hub.subscribe(topic);
        hub.broadcast(topic, ServerSentEvent.of("probe"));
        String id = probe.poll().id();
        probe.close();
        return id;
    }

    @Test
    void anIdleTopicDropsItsLogAfterTheTtlAndAReturningClientIsToldToResync() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historyTtl(TTL));
        String held = lastId(hub, "idle");
        lastId(hub, "busy");
        advance(TTL.minusSeconds(1));
        lastId(hub, "busy");                                  // used again: its clock starts over
        assertEquals(2, hub.topics().size(), "nothing has been idle for the ttl yet");

        advance(TTL.dividedBy(4).plusSeconds(2));              // sweeps run every quarter of the ttl
        assertEquals(java.util.Set.of("busy"), hub.topics());
        assertEquals(1, hub.statistics().expiredTopics());
        Subscription back = hub.subscribe("idle", held, s -> { });
        assertTrue(back.resyncRequired(), "the log it could resume from is gone");
        hub.broadcast("idle", ServerSentEvent.of("new"));
        String fresh = back.poll().id();
        assertFalse(LogIds.epoch(fresh).equals(LogIds.epoch(held)), "the new log has a new epoch");
    }

    @Test
    void aTopicWithASubscriberNeverExpires() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historyTtl(TTL));
        Subscription watcher = hub.subscribe("watched");
        advance(TTL.multipliedBy(10));
        assertEquals(java.util.Set.of("watched"), hub.topics());
        watcher.close();
        advance(TTL.plus(TTL.dividedBy(4)).plusSeconds(1));
        assertTrue(hub.topics().isEmpty(), "idle for the ttl since its last subscriber left");
    }

    @Test
    void aZeroTtlKeepsLogsForEver() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historyTtl(Duration.ZERO));
        lastId(hub, "kept");
        advance(Duration.ofDays(365));
        assertEquals(java.util.Set.of("kept"), hub.topics());
        assertEquals(0, hub.statistics().expiredTopics());
    }

    @Test
    void pastTheHubWideBoundIdleTopicsGiveWayLeastRecentlyUsedFirst() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().maxRetainedBytes(1L << 20));
        Subscription reader = hub.subscribe("read");
        String kilobyte = "k".repeat(1024);
        for (int i = 0; i < 100; i++) {
            hub.broadcast("read", ServerSentEvent.of(kilobyte));
        }
        String oldest = lastId(hub, "idle-0");
        for (int i = 1; hub.statistics().evictedTopics() == 0; i++) {
            advance(Duration.ofMillis(1));
            hub.broadcast("idle-" + i, ServerSentEvent.of(kilobyte));
            assertTrue(i < 10_000, "the bound is reached within 1 MiB of events");
        }
        HubStatistics statistics = hub.statistics();
        assertTrue(statistics.retainedBytes() <= 1L << 20, "within the bound: " + statistics);
        assertFalse(hub.topics().contains("idle-0"), "the least recently used idle topic went first");
        assertTrue(hub.topics().contains("read"), "a topic with a subscriber stays");
        assertEquals(0, reader.gaps());
        assertEquals(100, drain(reader), "its reader still gets every event");
        assertTrue(hub.subscribe("idle-0", oldest, s -> { }).resyncRequired());
    }

    @Test
    void whenOnlyReadTopicsRemainTheirOldestEventsGoAndSlowReadersGetAGap() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().maxRetainedBytes(1L << 20));
        Subscription slow = hub.subscribe("big");
        String kilobyte = "k".repeat(1024);
        for (int i = 0; i < 2_000; i++) {                        // 2 MiB into a hub bounded at 1 MiB
            hub.broadcast("big", ServerSentEvent.of(kilobyte));
        }
        assertTrue(hub.statistics().retainedBytes() <= 1L << 20, hub.statistics().toString());
        ServerSentEvent first = slow.poll();
        assertEquals(StreamMarkers.GAP, first.event(), "the reader behind the trimmed events is told");
        long missed = slow.dropped();
        assertTrue(missed > 0);
        assertEquals(2_000 - missed, drain(slow), "then everything retained, gap-free");
    }

    @Test
    void aMillionShortLivedTopicsStayWithinTheBound() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().maxRetainedBytes(4L << 20));
        long bound = 4L << 20;
        long highest = 0;
        for (int i = 0; i < 1_000_000; i++) {
            String topic = "order-" + i;
            Subscription subscription = hub.subscribe(topic);
            hub.broadcast(topic, ServerSentEvent.of("created"));
            hub.broadcast(topic, ServerSentEvent.of("shipped"));
            subscription.close();
            if (i % 10_000 == 0) {
                highest = Math.max(highest, hub.statistics().retainedBytes());
            }
        }
        HubStatistics statistics = hub.statistics();
        assertTrue(highest <= bound + TopicLog.LOG_OVERHEAD_BYTES * 4, "highest retained " + highest);
        assertTrue(statistics.topics() < 20_000, "topics kept: " + statistics.topics());
        assertTrue(statistics.evictedTopics() > 980_000, statistics.toString());
        assertEquals(0, statistics.subscribers());
    }

    private static int drain(Subscription subscription) {
        int count = 0;
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            count++;
        }
        return count;
    }
}
