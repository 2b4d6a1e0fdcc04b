package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The log under concurrency: broadcasters on several threads, fast and slow readers on their own threads, and
 * joiners that resume from the past, all on a log small enough that slow readers fall behind it. Every reader must
 * see the topic's events in one order, each either delivered or inside a marked gap: never a silent hole, never a
 * duplicate.
 */
class LogConcurrencyTest {

    private static final int BROADCASTERS = 3;
    private static final int EVENTS_PER_BROADCASTER = 20_000;
    private static final int TOTAL = BROADCASTERS * EVENTS_PER_BROADCASTER;
    private static final int READERS = 6;
    private static final int JOINERS = 4;

    /** What one reader saw: events delivered and events missed inside marked gaps, checked as it reads. */
    private static final class Reader implements Runnable {
        private final Subscription subscription;
        private final boolean slow;
        private final AtomicBoolean broadcastingDone;
        private long expected;                                 // the next sequence this reader must see
        long delivered;
        long missedInMarkedGaps;

        Reader(Subscription subscription, long startAfter, boolean slow, AtomicBoolean broadcastingDone) {
            this.subscription = subscription;
            this.slow = slow;
            this.broadcastingDone = broadcastingDone;
            this.expected = startAfter + 1;
        }

        @Override
        public void run() {
            try {
                while (expected <= TOTAL) {
                    ServerSentEvent event = subscription.poll(Timeouts.WAIT);
                    if (event == null) {
                        throw new AssertionError("reader stalled at " + expected + " (done=" + broadcastingDone + ")");
                    }
                    accept(event);
                    if (slow && expected % 64 == 0) {
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                }
                assertNull(subscription.poll(), "nothing after the last event");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private void accept(ServerSentEvent event) {
            long sequence = LogIds.sequence(event.id());
            if (StreamMarkers.GAP.equals(event.event())) {
                long missed = Long.parseLong(event.data().replaceAll("\\D", ""));
                assertEquals(expected + missed - 1, sequence, "a gap marker names the last event it covers");
                missedInMarkedGaps += missed;
                expected = sequence + 1;
                return;
            }
            assertEquals(expected, sequence, "in order, no silent hole, no duplicate");
            delivered++;
            expected++;
        }
    }

    @Test
    void everyReaderSeesEachEventOnceOrInsideAMarkedGap() throws Exception {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.builder().historySize(256)
                .build(), null);
        AtomicBoolean done = new AtomicBoolean();
        List<Reader> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(new Reader(hub.subscribe("t"), 0, i % 2 == 1, done));
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> broadcasters = new ArrayList<>();
        for (int b = 0; b < BROADCASTERS; b++) {
            broadcasters.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < EVENTS_PER_BROADCASTER; i++) {
                    hub.broadcast("t", ServerSentEvent.of("x"));
                }
                return null;
            }));
        }
        List<Future<?>> reading = new ArrayList<>();
        readers.forEach(reader -> reading.add(pool.submit(reader)));
        start.countDown();

        long probeGaps = 0;
        for (int j = 0; j < JOINERS && !broadcasters.stream().allMatch(Future::isDone); j++) {
            Subscription probe = hub.subscribe("t");          // joiners resume from an id a little in the past
            ServerSentEvent seen = probe.poll(Duration.ofSeconds(1));   // none: broadcasting just ended
            probe.close();
            probeGaps += probe.gaps();
            if (seen == null) {
                break;
            }
            long after = Math.max(1, LogIds.sequence(seen.id()) - 10);
            Subscription joiner = hub.subscribe("t", LogIds.sibling(seen.id(), after), s -> { });
            if (!joiner.resyncRequired()) {                    // else the log moved past it meanwhile: fine
                Reader reader = new Reader(joiner, after, j % 2 == 0, done);
                readers.add(reader);
                reading.add(pool.submit(reader));
            }
        }
        for (Future<?> broadcaster : broadcasters) {
            broadcaster.get(Timeouts.WAIT.toSeconds() * 3, TimeUnit.SECONDS);
        }
        done.set(true);
        for (Future<?> reader : reading) {
            try {
                reader.get(Timeouts.WAIT.toSeconds() * 3, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        pool.shutdownNow();
        assertNull(failure.get());

        long gaps = probeGaps;
        for (Reader reader : readers) {
            assertEquals(reader.subscription.dropped(), reader.missedInMarkedGaps, "every skipped event was marked");
            gaps += reader.subscription.gaps();
        }
        assertEquals(TOTAL, hub.statistics().broadcasts());
        assertEquals(gaps, hub.statistics().gaps());
    }
}
