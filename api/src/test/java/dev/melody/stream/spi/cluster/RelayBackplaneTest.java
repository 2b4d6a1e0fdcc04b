package dev.melody.stream.spi.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.spi.cluster.RecordingHub.Delivered;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay over an in-memory broker: delivery to the other node and no echo, a publisher's order, broadcasts made
 * while the broker is down announced by a gap notice, a message lost on the way to one node found as a hole and
 * marked there, bad input skipped and counted, a full queue and an oversize event refused at once, and a close that
 * stops both threads while the relay waits to reconnect.
 */
class RelayBackplaneTest {

    private static final RelaySettings FAST = new RelaySettings(1024, 4096, Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(200));
    private static final Duration NOTHING_MORE = Duration.ofMillis(300);   // to prove an absence only

    private final MemoryBroker broker = new MemoryBroker();
    private final List<RelayBackplane> relays = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory factory = body -> {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    };

    private RelayBackplane relay(RecordingHub hub, Predicate<RelayMessage> lose, RelaySettings settings) {
        RelayBackplane relay = new RelayBackplane("Memory", broker.connector(lose), settings, factory);
        relays.add(relay);
        if (hub != null) {
            relay.start(hub);
        }
        return relay;
    }

    private RelayBackplane relay(RecordingHub hub) {
        return relay(hub, message -> false, FAST);
    }

    @AfterEach
    void closeRelays() {
        relays.forEach(RelayBackplane::close);
    }

    @Test
    void aBroadcastReachesTheOtherNodeOnceAndNeverComesBack() throws Exception {
        RecordingHub hubA = new RecordingHub();
        RecordingHub hubB = new RecordingHub();
        RelayBackplane a = relay(hubA);
        RelayBackplane b = relay(hubB);
        awaitConnected(a, b);
        a.publish("t", ServerSentEvent.of("x")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(new Delivered("t", ServerSentEvent.of("x")), hubB.next());
        assertNull(hubB.nextWithin(NOTHING_MORE), "once");
        assertNull(hubA.nextWithin(NOTHING_MORE), "no echo");
        await(() -> a.statistics().ownSkipped() == 1, "A skipped its own message");
        assertEquals(1, a.statistics().published());
        assertEquals(1, b.statistics().delivered());
    }

    @Test
    void eventsOfOnePublisherArriveInItsOrder() throws Exception {
        RecordingHub hubB = new RecordingHub();
        RelayBackplane a = relay(new RecordingHub());
        RelayBackplane b = relay(hubB);
        awaitConnected(a, b);
        for (int i = 0; i < 500; i++) {
            a.publish("t", ServerSentEvent.of(Integer.toString(i)));
        }
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.toString(i), hubB.next().event().data());
        }
    }

    @Test
    void broadcastsMadeWhileTheBrokerIsDownFailAndTheOtherNodeGetsAGapNoticeAfterwards() throws Exception {
        RecordingHub hubB = new RecordingHub();
        RelayBackplane a = relay(new RecordingHub());
        RelayBackplane b = relay(hubB);
        awaitConnected(a, b);
        broker.stop();
        await(() -> !a.statistics().connected() && !b.statistics().connected(), "both links broken");
        List<CompletableFuture<?>> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failed.add(a.publish("t", ServerSentEvent.of("alone " + i)).toCompletableFuture());
        }
        for (CompletableFuture<?> future : failed) {
            assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        }
        assertEquals(3, a.statistics().publishFailures());
        broker.start();
        awaitConnected(a, b);
        Delivered notice = hubB.next();
        assertEquals(StreamMarkers.GAP, notice.event().event());
        assertEquals("{\"missed\":3}", notice.event().data());
        a.publish("t", ServerSentEvent.of("after"));
        assertEquals("after", hubB.next().event().data());
        assertEquals(1, a.statistics().gapNotices());
        assertTrue(a.statistics().outages() >= 1);
    }

    @Test
    void aNodeThatWasAwayWhenTheGapNoticeWentOutGetsOneMarkerForEverythingItMissed() throws Exception {
        RecordingHub hubB = new RecordingHub();
        AtomicBoolean bAway = new AtomicBoolean();
        RelayBackplane a = relay(new RecordingHub());
        RelayBackplane b = new RelayBackplane("Memory", broker.connector(message -> false, bAway::get), FAST, factory);
        relays.add(b);
        b.start(hubB);
        awaitConnected(a, b);
        a.publish("t", ServerSentEvent.of("before")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("before", hubB.next().event().data());
        broker.stop();
        bAway.set(true);
        await(() -> !a.statistics().connected() && !b.statistics().connected(), "both links broken");
        for (int i = 0; i < 10; i++) {
            a.publish("t", ServerSentEvent.of("alone " + i));
        }
        await(() -> a.statistics().publishFailures() == 10, "ten broadcasts not sent");
        broker.start();
        await(() -> a.statistics().gapNotices() == 1, "A sent its gap notice while B was away");
        bAway.set(false);
        awaitConnected(b);
        a.publish("t", ServerSentEvent.of("after"));
        Delivered marker = hubB.next();
        assertEquals(StreamMarkers.GAP, marker.event().event());
        assertEquals("{\"missed\":10}", marker.event().data(), "exactly the ten broadcasts B never got");
        assertEquals("after", hubB.next().event().data());
    }

    @Test
    void aMessageLostOnTheWayToOneNodeBecomesAGapMarkerThere() throws Exception {
        RecordingHub hubB = new RecordingHub();
        RelayBackplane a = relay(new RecordingHub());
        RelayBackplane b = relay(hubB, message -> message.sequence() == 2 && message.origin() != null, FAST);
        awaitConnected(a, b);
        for (String data : List.of("1", "2", "3")) {
            a.publish("t", ServerSentEvent.of(data));
        }
        assertEquals("1", hubB.next().event().data());
        Delivered marker = hubB.next();
        assertEquals(StreamMarkers.GAP, marker.event().event());
        assertEquals("{\"missed\":1}", marker.event().data());
        assertEquals("3", hubB.next().event().data());
        assertEquals(1, b.statistics().gapsDetected());
        assertEquals(1, b.statistics().missedDetected());
    }

    @Test
    void badInputIsSkippedAndCountedByCauseAndTheNextGoodMessageIsDelivered() throws Exception {
        RecordingHub hubB = new RecordingHub();
        RelayBackplane b = relay(hubB);
        awaitConnected(b);
        broker.publishRaw("not json".getBytes(StandardCharsets.UTF_8));
        broker.publishRaw(("{\"topic\":\"t\",\"event\":{\"Data\":\"" + "x".repeat(5000) + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        broker.publishRaw("{\"topic\":\"\",\"event\":{\"Data\":\"d\"}}".getBytes(StandardCharsets.UTF_8));
        broker.publishRaw("{\"topic\":\"t\",\"event\":{\"Id\":\"a\\nb\",\"Data\":\"d\"}}"
                .getBytes(StandardCharsets.UTF_8));
        String go = "{\"origin\":\"ffffffffffffffffffffffffffffffff\",\"topic\":\"t\",\"event\":{\"Id\":\"\","
                + "\"Event\":\"tick\",\"Data\":\"from go\",\"Retry\":1500}}";
        broker.publishRaw(go.getBytes(StandardCharsets.UTF_8));
        assertEquals(new Delivered("t", new ServerSentEvent(null, "tick", "from go", Duration.ofMillis(1500))),
                hubB.next());
        RelayStatistics statistics = b.statistics();
        assertEquals(4, statistics.malformed());
        assertEquals(1, statistics.malformedByCause().get(GoEnvelope.Cause.BAD_JSON));
        assertEquals(1, statistics.malformedByCause().get(GoEnvelope.Cause.OVERSIZE));
        assertEquals(1, statistics.malformedByCause().get(GoEnvelope.Cause.INVALID_TOPIC));
        assertEquals(1, statistics.malformedByCause().get(GoEnvelope.Cause.INVALID_EVENT));
    }

    @Test
    void aFullQueueFailsTheBroadcastAtOnceAndCountsIt() {
        RelayBackplane a = relay(null, message -> false, FAST.withLimits(2, 4096));   // not started: nothing drains
        a.publish("t", ServerSentEvent.of("1"));
        a.publish("t", ServerSentEvent.of("2"));
        CompletionStage<?> third = a.publish("t", ServerSentEvent.of("3"));
        assertTrue(third.toCompletableFuture().isCompletedExceptionally());
        assertEquals(1, a.statistics().queueFull());
        assertEquals(1, a.statistics().publishFailures());
    }

    @Test
    void anEventTooLargeForTheBrokerStaysOnItsNodeAndTheOtherGetsAGapNotice() throws Exception {
        RecordingHub hubB = new RecordingHub();
        RelayBackplane a = relay(new RecordingHub());
        RelayBackplane b = relay(hubB);
        awaitConnected(a, b);
        CompletableFuture<?> large = a.publish("t", ServerSentEvent.of("x".repeat(5000))).toCompletableFuture();
        assertThrows(ExecutionException.class, () -> large.get(10, TimeUnit.SECONDS));
        a.publish("t", ServerSentEvent.of("small"));
        List<String> seen = new ArrayList<>();
        seen.add(hubB.next().event().data());
        seen.add(hubB.next().event().data());
        assertTrue(seen.contains("small") && seen.contains("{\"missed\":1}"), () -> "B got " + seen);
    }

    @Test
    void closingWhileWaitingToReconnectStopsBothThreads() throws Exception {
        RelayBackplane a = relay(new RecordingHub());
        awaitConnected(a);
        broker.stop();
        await(() -> !a.statistics().connected(), "link broken");
        a.close();
        assertEquals(2, threads.size());
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), () -> thread.getName() + " still runs after close");
        }
        assertTrue(a.publish("t", ServerSentEvent.of("late")).toCompletableFuture().isCompletedExceptionally());
    }

    private static void awaitConnected(RelayBackplane... relays) throws InterruptedException {
        for (RelayBackplane relay : relays) {
            await(() -> relay.statistics().connected(), "connected");
        }
    }

    /** Polls a condition for at most 10 s. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "not within 10 s: " + what);
            Thread.sleep(10);
        }
    }
}
