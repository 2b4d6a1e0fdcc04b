package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription made during the handshake: it is counted and keeps every broadcast from that moment, hands it all
 * to the connection that claims it, and is released when no connection claims it in time.
 */
class HeldSubscriptionTest {

    private static final Duration LONG_HOLD = Duration.ofMinutes(5);

    private final DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.defaults(), null);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        hub.shutdown();
    }

    @Test
    void broadcastsBeforeTheClaimAreKeptForTheClaimant() {
        HeldSubscription held = HeldSubscription.subscribe(hub, timer, "t", null, LONG_HOLD);
        assertEquals(1, hub.subscriberCount("t"), "subscribed before the connection opens");
        hub.broadcast("t", ServerSentEvent.of("made at the client's open"));
        hub.broadcast("t", ServerSentEvent.of("second"));

        CountingListener owner = new CountingListener();
        Subscription claimed = held.claim(owner);
        assertFalse(held.isHeld());
        assertEquals(List.of("made at the client's open", "second"), drain(claimed));

        hub.broadcast("t", ServerSentEvent.of("after the claim"));
        assertTrue(owner.available.get() > 0, "hub callbacks reach the claimant after the claim");
        assertEquals(List.of("after the claim"), drain(claimed));
    }

    @Test
    void aResumingHandshakeIsHeldFromItsLastEventId() {
        String first = idOf(hub, "t", "one");
        hub.broadcast("t", ServerSentEvent.of("two"));
        HeldSubscription held = HeldSubscription.subscribe(hub, timer, "t", first, LONG_HOLD);
        hub.broadcast("t", ServerSentEvent.of("three"));
        assertEquals(List.of("two", "three"), drain(held.claim(new CountingListener())));
    }

    @Test
    void anUnclaimedSubscriptionIsReleasedAfterTheHold() throws InterruptedException {
        HeldSubscription held = HeldSubscription.subscribe(hub, timer, "t", null, Duration.ofMillis(20));
        timer.shutdown();                                      // a delayed task still runs after shutdown
        assertTrue(timer.awaitTermination(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the release ran");
        assertEquals(0, hub.subscriberCount("t"), "released: nothing leaks");
        assertFalse(held.isHeld());
        assertNull(held.claim(new CountingListener()), "too late to claim: the connection subscribes anew");
    }

    @Test
    void claimAndReleaseSettleOnceWhicheverComesFirst() {
        HeldSubscription claimedFirst = HeldSubscription.subscribe(hub, timer, "a", null, LONG_HOLD);
        Subscription claimed = claimedFirst.claim(new CountingListener());
        assertFalse(claimedFirst.release(CloseCause.CLIENT_CLOSED), "a claimed subscription stays");
        assertFalse(claimed.isClosed());
        assertNull(claimedFirst.claim(new CountingListener()), "claimed once only");

        HeldSubscription releasedFirst = HeldSubscription.subscribe(hub, timer, "b", null, LONG_HOLD);
        assertTrue(releasedFirst.release(CloseCause.CLIENT_CLOSED));
        assertNull(releasedFirst.claim(new CountingListener()));
        assertEquals(0, hub.subscriberCount("b"));
    }

    @Test
    void aCloseBeforeTheClaimIsSeenByTheClaimant() {
        HeldSubscription held = HeldSubscription.subscribe(hub, timer, "t", null, LONG_HOLD);
        hub.shutdown();
        CountingListener owner = new CountingListener();
        Subscription claimed = held.claim(owner);
        assertTrue(claimed.isClosed(), "the claimant checks isClosed and does not open");
        assertEquals(0, owner.closed.get(), "callbacks before the claim are not replayed");
    }

    @Test
    void anUnclaimedHoldOnAStoppedTimerIsReleasedAtOnce() {
        timer.shutdownNow();
        HeldSubscription held = HeldSubscription.subscribe(hub, timer, "t", null, LONG_HOLD);
        assertFalse(held.isHeld());
        assertEquals(0, hub.subscriberCount("t"));
    }

    private static String idOf(DefaultServerSentEventHub hub, String topic, String data) {
        Subscription probe = hub.subscribe(topic);
        hub.broadcast(topic, ServerSentEvent.of(data));
        String id = probe.poll().id();
        probe.close();
        return id;
    }

    private static List<String> drain(Subscription subscription) {
        List<String> data = new ArrayList<>();
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            data.add(event.data());
        }
        return data;
    }

    /** Counts the hub's callbacks. */
    private static final class CountingListener implements SubscriptionListener {
        final AtomicInteger available = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void onAvailable(Subscription subscription) {
            available.incrementAndGet();
        }

        @Override
        public void onClosed(Subscription subscription, CloseCause cause) {
            closed.incrementAndGet();
        }
    }
}
