package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.spi.Backplane;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The hub's side of a relaying backplane (no shared sequencer), over two in-memory nodes that hand each broadcast to
 * each other at once: every node names every event in its own epoch, and resumes only by ids it issued, so a client
 * that moves to the other node is told to resynchronise instead of being replayed by an order it never saw.
 */
class RelayingBackplaneTest {

    private static final SubscriptionListener QUIET = new SubscriptionListener() {
        @Override
        public void onAvailable(Subscription subscription) {
        }
    };

    /** A node's relay: hands every publication to the other nodes' hubs, as a broker would. */
    private static final class Relay implements Backplane {
        final List<Relay> cluster;
        ServerSentEventHub hub;

        Relay(List<Relay> cluster) {
            this.cluster = cluster;
            cluster.add(this);
        }

        @Override
        public void start(ServerSentEventHub hub) {
            this.hub = hub;
        }

        @Override
        public CompletionStage<?> publish(String topic, ServerSentEvent event) {
            for (Relay other : cluster) {
                if (other != this) {
                    other.hub.deliverLocal(topic, event);
                }
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private final List<Relay> cluster = new ArrayList<>();
    private final DefaultServerSentEventHub a = new DefaultServerSentEventHub(StreamOptions.defaults(),
            new Relay(cluster));
    private final DefaultServerSentEventHub b = new DefaultServerSentEventHub(StreamOptions.defaults(),
            new Relay(cluster));

    @Test
    void anEventFromAnotherNodeGetsThisNodesIdAndAnApplicationsIdIsKept() {
        Subscription onA = a.subscribe("t");
        Subscription onB = b.subscribe("t");
        a.broadcast("t", ServerSentEvent.of("from a"));
        a.broadcast("t", new ServerSentEvent("order-1", null, "chosen", null));
        ServerSentEvent seenOnA = onA.poll();
        ServerSentEvent seenOnB = onB.poll();
        assertEquals("from a", seenOnB.data());
        assertNotEquals(epoch(seenOnA.id()), epoch(seenOnB.id()), "each node names events in its own epoch");
        assertEquals(epoch(seenOnB.id()) + "-1", seenOnB.id(), "the first event of the topic on B");
        assertEquals("order-1", onB.poll().id(), "an id the application chose travels as it is");
        assertNull(onB.poll());
    }

    @Test
    void aClientResumingOnTheOtherNodeIsToldToResynchroniseNotReplayed() {
        Subscription onA = a.subscribe("t");
        b.subscribe("t");
        a.broadcast("t", ServerSentEvent.of("1"));
        String lastOnA = onA.poll().id();
        a.broadcast("t", ServerSentEvent.of("2"));
        Subscription moved = b.subscribe("t", lastOnA, QUIET);
        assertTrue(moved.resyncRequired(), "an id of node A means nothing in B's order");
        assertNull(moved.poll(), "and nothing of B's log is replayed after it");
        assertFalse(b.replay("t", lastOnA).complete(), "nor replayed on request");
    }

    @Test
    void aClientResumingOnTheSameNodeIsReplayedExactlyEventsFromOtherNodesIncluded() {
        Subscription onB = b.subscribe("t");
        a.broadcast("t", ServerSentEvent.of("1 from a"));
        String last = onB.poll().id();
        b.broadcast("t", ServerSentEvent.of("2 from b"));
        a.broadcast("t", ServerSentEvent.of("3 from a"));
        Subscription resumed = b.subscribe("t", last, QUIET);
        assertFalse(resumed.resyncRequired());
        assertEquals("2 from b", resumed.poll().data());
        assertEquals("3 from a", resumed.poll().data());
        assertNull(resumed.poll());
    }

    @Test
    void anIdTheApplicationChoseDoesNotResumeBecauseNodesOrderDiffers() {
        Subscription onB = b.subscribe("t");
        a.broadcast("t", new ServerSentEvent("order-1", null, "chosen", null));
        assertEquals("order-1", onB.poll().id());
        b.broadcast("t", ServerSentEvent.of("next"));
        assertTrue(b.subscribe("t", "order-1", QUIET).resyncRequired());
        assertTrue(a.subscribe("t", "order-1", QUIET).resyncRequired(), "not even on the publishing node");
    }

    private static String epoch(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }
}
