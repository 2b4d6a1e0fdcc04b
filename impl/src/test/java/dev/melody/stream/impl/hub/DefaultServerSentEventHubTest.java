package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.HubStatistics;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Go hub's behaviours and the ones we add: delivery, overflow policies, signals, shutdown, statistics. */
class DefaultServerSentEventHubTest {

    private static DefaultServerSentEventHub hub(StreamOptions.Builder options) {
        return new DefaultServerSentEventHub(options.build(), null);
    }

    private static DefaultServerSentEventHub hub() {
        return hub(StreamOptions.builder());
    }

    private static List<String> drainData(Subscription subscription) {
        List<String> data = new ArrayList<>();
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            data.add(event.data());
        }
        return data;
    }

    @Test
    void broadcastReachesEverySubscriberOfTheTopicAndNoOther() {
        DefaultServerSentEventHub hub = hub();
        Subscription first = hub.subscribe("device-42");
        Subscription second = hub.subscribe("device-42");
        Subscription other = hub.subscribe("device-7");

        assertEquals(2, hub.broadcast("device-42", ServerSentEvent.of("task.created", "{}")));

        ServerSentEvent received = first.poll();
        assertEquals("task.created", received.event());
        assertEquals("{}", received.data());
        assertEquals("{}", second.poll().data());
        assertNull(other.poll());
    }

    @Test
    void broadcastWithoutSubscribersDeliversToNobody() {
        assertEquals(0, hub().broadcast("nobody", ServerSentEvent.of("x")));
    }

    @Test
    void aSubscriberThatFallsBehindTheLogGetsOneGapMarkerAtTheGapThenTheOldestRetained() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historySize(4));
        Subscription slow = hub.subscribe("t");
        Subscription fast = hub.subscribe("t");
        for (int i = 1; i <= 10; i++) {                          // the log keeps 7..10: slow misses 3..6
            hub.broadcast("t", ServerSentEvent.of(Integer.toString(i)));
            assertEquals(List.of(Integer.toString(i)), drainData(fast));
            if (i == 2) {
                assertEquals(List.of("1", "2"), drainData(slow));
            }
        }
        ServerSentEvent marker = slow.poll();
        assertEquals(StreamMarkers.GAP, marker.event());
        assertEquals("{\"missed\":4}", marker.data());
        assertEquals(6, LogIds.sequence(marker.id()), "the marker carries the id of the last event missed");
        assertEquals(List.of("7", "8", "9", "10"), drainData(slow), "then gap-free from the oldest retained");
        assertEquals(4, slow.dropped());
        assertEquals(1, slow.gaps());
        assertEquals(0, fast.dropped(), "a reader that keeps up never notices");
        assertEquals(4, hub.statistics().dropped());
        assertEquals(1, hub.statistics().gaps());
    }

    @Test
    void theDefaultLogHoldsABurstOfTenThousandKilobyteEventsForEveryReader() {
        DefaultServerSentEventHub hub = hub();
        List<Subscription> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            readers.add(hub.subscribe("burst"));
        }
        String kilobyte = "x".repeat(1024);
        for (int i = 0; i < 10_000; i++) {
            hub.broadcast("burst", ServerSentEvent.of(kilobyte));
        }
        for (Subscription reader : readers) {
            assertEquals(10_000, drainData(reader).size());
            assertEquals(0, reader.gaps());
        }
        assertTrue(hub.statistics().retainedBytes() < 16L << 20, "held once, not per reader");
    }

    @Test
    void dropOldestSkipsSilentlyToTheOldestRetainedAndCounts() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historySize(3)
                .overflowPolicy(OverflowPolicy.DROP_OLDEST));
        Subscription subscription = hub.subscribe("t");
        for (int i = 0; i < 5; i++) {
            assertEquals(1, hub.broadcast("t", ServerSentEvent.of(Integer.toString(i))));
        }
        assertEquals(List.of("2", "3", "4"), drainData(subscription));
        assertEquals(2, subscription.dropped());
        assertEquals(1, subscription.gaps());
        assertEquals(2, hub.statistics().dropped());
    }

    @Test
    void disconnectPolicyClosesOnlyTheFullSubscriberAndTellsItsListener() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historySize(2)
                .overflowPolicy(OverflowPolicy.DISCONNECT));
        AtomicReference<CloseCause> closed = new AtomicReference<>();
        Subscription slow = hub.subscribe("t", new SubscriptionListener() {
            @Override
            public void onAvailable(Subscription subscription) {
            }

            @Override
            public void onClosed(Subscription subscription, CloseCause cause) {
                closed.set(cause);
            }
        });
        Subscription healthy = hub.subscribe("t");
        for (int i = 0; i < 3; i++) {
            hub.broadcast("t", ServerSentEvent.of(Integer.toString(i)));
            healthy.poll();
        }
        assertTrue(slow.isClosed());
        assertEquals(CloseCause.OVERFLOW, slow.closeCause());
        assertEquals(CloseCause.OVERFLOW, closed.get());
        assertFalse(healthy.isClosed());
        assertEquals(1, hub.subscriberCount("t"));
        assertEquals(1, hub.broadcast("t", ServerSentEvent.of("after")));
    }

    @Test
    void listenerIsSignalledOnceUntilAPollReturnsNull() {
        DefaultServerSentEventHub hub = hub();
        AtomicInteger signals = new AtomicInteger();
        Subscription subscription = hub.subscribe("t", s -> signals.incrementAndGet());

        hub.broadcast("t", ServerSentEvent.of("1"));
        hub.broadcast("t", ServerSentEvent.of("2"));
        assertEquals(1, signals.get());

        assertNotNull(subscription.poll());
        hub.broadcast("t", ServerSentEvent.of("3"));
        assertEquals(1, signals.get(), "no new signal while the drain has not seen the end");

        assertEquals(List.of("2", "3"), drainData(subscription));
        hub.broadcast("t", ServerSentEvent.of("4"));
        assertEquals(2, signals.get(), "a poll that returned null re-arms the signal");
    }

    @Test
    void aThrowingListenerDoesNotStopDeliveryToOthers() {
        DefaultServerSentEventHub hub = hub();
        hub.subscribe("t", s -> {
            throw new IllegalStateException("listener bug");
        });
        Subscription healthy = hub.subscribe("t");
        assertEquals(2, hub.broadcast("t", ServerSentEvent.of("x")));
        assertEquals("x", healthy.poll().data());
    }

    @Test
    void closeIsIdempotentFirstCauseWinsAndCountsReturnToZero() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historySize(0));
        AtomicInteger closedCalls = new AtomicInteger();
        Subscription subscription = hub.subscribe("t", new SubscriptionListener() {
            @Override
            public void onAvailable(Subscription s) {
            }

            @Override
            public void onClosed(Subscription s, CloseCause cause) {
                closedCalls.incrementAndGet();
            }
        });
        assertEquals(1, hub.subscriberCount("t"));
        subscription.close(CloseCause.WRITE_TIMEOUT);
        subscription.close();
        assertEquals(CloseCause.WRITE_TIMEOUT, subscription.closeCause());
        assertEquals(1, closedCalls.get());
        assertEquals(0, hub.subscriberCount("t"));
        assertTrue(hub.topics().isEmpty(), "a topic without subscribers or history is forgotten");
        assertEquals(0, hub.broadcast("t", ServerSentEvent.of("late")));
        assertNull(subscription.poll());
    }

    @Test
    void shutdownIsIdempotentClosesEverythingAndRefusesLaterWork() {
        DefaultServerSentEventHub hub = hub();
        Subscription before = hub.subscribe("t");
        hub.broadcast("t", ServerSentEvent.of("queued"));

        hub.shutdown();
        hub.shutdown();

        assertTrue(hub.isShutdown());
        assertEquals(CloseCause.SHUTDOWN, before.closeCause());
        assertNull(before.poll(), "a closed subscription holds no events");
        Subscription after = hub.subscribe("t");
        assertEquals(CloseCause.SHUTDOWN, after.closeCause());
        long droppedBefore = hub.statistics().dropped();
        assertEquals(0, hub.broadcast("t", ServerSentEvent.of("late")));
        assertEquals(droppedBefore + 1, hub.statistics().dropped());
        assertEquals(0, hub.statistics().subscribers());
    }

    @Test
    void subscribingAfterShutdownTellsTheListenerAtOnce() {
        DefaultServerSentEventHub hub = hub();
        hub.shutdown();
        AtomicReference<CloseCause> closed = new AtomicReference<>();
        hub.subscribe("t", new SubscriptionListener() {
            @Override
            public void onAvailable(Subscription s) {
            }

            @Override
            public void onClosed(Subscription s, CloseCause cause) {
                closed.set(cause);
            }
        });
        assertEquals(CloseCause.SHUTDOWN, closed.get());
    }

    @Test
    void statisticsCountTopicsSubscribersBroadcastsDeliveriesAndDrops() {
        DefaultServerSentEventHub hub = hub(StreamOptions.builder().historySize(1));
        Subscription first = hub.subscribe("a");
        Subscription second = hub.subscribe("a");
        hub.subscribe("b");
        hub.broadcast("a", ServerSentEvent.of("1"));
        hub.broadcast("a", ServerSentEvent.of("2"));
        hub.broadcast("b", ServerSentEvent.of("3"));
        assertEquals(List.of("{\"missed\":1}", "2"), drainData(first));
        assertEquals(List.of("{\"missed\":1}", "2"), drainData(second));

        HubStatistics statistics = hub.statistics();
        assertEquals(2, statistics.topics());
        assertEquals(3, statistics.subscribers());
        assertEquals(3, statistics.broadcasts());
        assertEquals(5, statistics.delivered(), "two subscribers reached twice, one once");
        assertEquals(2, statistics.dropped(), "each subscriber of 'a' missed event 1");
        assertEquals(2, statistics.gaps());
        assertTrue(statistics.retainedBytes() > 0);
        assertEquals(0, statistics.backplaneFailures());
    }

    @Test
    void blockingPollWaitsForAnEventAndReturnsNullOnTimeout() throws Exception {
        DefaultServerSentEventHub hub = hub();
        Subscription subscription = hub.subscribe("t");
        assertNull(subscription.poll(java.time.Duration.ZERO));
        Thread publisher = new Thread(() -> hub.broadcast("t", ServerSentEvent.of("later")));
        publisher.start();
        assertEquals("later", subscription.poll(Timeouts.WAIT).data());
        publisher.join(Timeouts.WAIT.toMillis());
    }

    @Test
    void invalidTopicsAreRefusedByNameOfTheRule() {
        DefaultServerSentEventHub hub = hub();
        ServerSentEvent event = ServerSentEvent.of("x");
        assertMessage("missing", () -> hub.broadcast(null, event));
        assertMessage("empty", () -> hub.subscribe(""));
        assertMessage("longer than 256", () -> hub.broadcast("t".repeat(257), event));
        assertMessage("control character", () -> hub.subscribe("a\nb"));
        assertMessage("control character", () -> hub.broadcast("a\u0000b", event));
        assertEquals(1, hub.subscribe("t".repeat(256)).topic().length() / 256);
        assertMessage("event must not be null", () -> hub.broadcast("t", null));
        assertTrue(hub.topics().stream().noneMatch(String::isEmpty));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks " + expected);
    }
}
