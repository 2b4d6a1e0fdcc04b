package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.spi.Backplane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The hub's side of a sequencing backplane, over an in-memory cluster: broadcasts are delivered only as the cluster
 * orders them, every node gives an event the same id, and a client resumes on a node whose log does not reach back
 * to its id with the cluster's history, with nothing twice and nothing skipped.
 */
class SequencingBackplaneTest {

    private static final String EPOCH = "0123456789ab";
    private static final SubscriptionListener QUIET = new SubscriptionListener() {
        @Override
        public void onAvailable(Subscription subscription) {
        }
    };

    /** One shared history per topic and the nodes attached to it; events are ordered when {@link #sequence} runs. */
    private static final class LoopbackCluster {
        final Map<String, List<ServerSentEvent>> histories = new LinkedHashMap<>();
        final List<String[]> queued = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();
        boolean historyReachable = true;

        Node node() {
            Node node = new Node(this);
            nodes.add(node);
            return node;
        }

        /** Orders every queued broadcast and delivers it to the nodes that are not held back. */
        void sequence() {
            for (String[] broadcast : queued) {
                List<ServerSentEvent> history = histories.computeIfAbsent(broadcast[0], t -> new ArrayList<>());
                ServerSentEvent event = ServerSentEvent.of(broadcast[1]).withId(EPOCH + "-" + (history.size() + 1));
                history.add(event);
                for (Node node : nodes) {
                    node.receive(broadcast[0], event);
                }
            }
            queued.clear();
        }
    }

    /** A node's backplane: publishes into the cluster, delivers what the cluster ordered (or holds it back). */
    private static final class Node implements Backplane {
        final LoopbackCluster cluster;
        final List<Object[]> held = new ArrayList<>();
        ServerSentEventHub hub;
        boolean holding;

        Node(LoopbackCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void start(ServerSentEventHub hub) {
            this.hub = hub;
        }

        @Override
        public boolean sequencing() {
            return true;
        }

        @Override
        public CompletionStage<?> publish(String topic, ServerSentEvent event) {
            assertNull(event.id(), "the cluster assigns every id");
            cluster.queued.add(new String[] {topic, event.data()});
            return CompletableFuture.completedFuture(null);
        }

        void receive(String topic, ServerSentEvent event) {
            if (holding) {
                held.add(new Object[] {topic, event});
            } else {
                hub.deliverLocal(topic, event);
            }
        }

        void release() {
            holding = false;
            for (Object[] message : held) {
                hub.deliverLocal((String) message[0], (ServerSentEvent) message[1]);
            }
            held.clear();
        }

        @Override
        public List<ServerSentEvent> history(String topic, String afterId) {
            if (!cluster.historyReachable) {
                return null;
            }
            List<ServerSentEvent> history = cluster.histories.getOrDefault(topic, List.of());
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i).id().equals(afterId)) {
                    return new ArrayList<>(history.subList(i + 1, history.size()));
                }
            }
            return null;
        }
    }

    private static DefaultServerSentEventHub hub(Node node) {
        return new DefaultServerSentEventHub(StreamOptions.defaults(), node);
    }

    private static List<String> drain(Subscription subscription) {
        List<String> seen = new ArrayList<>();
        for (ServerSentEvent event = subscription.poll(); event != null; event = subscription.poll()) {
            seen.add(event.id() + "=" + event.data());
        }
        return seen;
    }

    private static void broadcast(ServerSentEventHub hub, String... data) {
        for (String value : data) {
            hub.broadcast("t", ServerSentEvent.of(value));
        }
    }

    @Test
    void aBroadcastIsDeliveredWhenTheClusterOrdersItWithTheSameIdOnEveryNode() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = hub(cluster.node());
        DefaultServerSentEventHub b = hub(cluster.node());
        Subscription onA = a.subscribe("t");
        Subscription onB = b.subscribe("t");

        assertEquals(1, a.broadcast("t", ServerSentEvent.of("x").withId("app-id")), "one local subscriber");
        b.broadcast("t", ServerSentEvent.of("y"));
        assertNull(onA.poll(), "not delivered before the cluster ordered it");

        cluster.sequence();
        List<String> expected = List.of(EPOCH + "-1=x", EPOCH + "-2=y");
        assertEquals(expected, drain(onA));
        assertEquals(expected, drain(onB));
    }

    @Test
    void aClientResumesOnANodeThatStartedLaterWithTheClusterHistoryThenLiveEvents() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = hub(cluster.node());
        broadcast(a, "1", "2", "3", "4", "5");
        cluster.sequence();
        DefaultServerSentEventHub late = hub(cluster.node());

        Subscription resumed = late.subscribe("t", EPOCH + "-2", QUIET);
        broadcast(a, "6");
        cluster.sequence();

        assertFalse(resumed.resyncRequired());
        assertEquals(List.of(EPOCH + "-3=3", EPOCH + "-4=4", EPOCH + "-5=5", EPOCH + "-6=6"), drain(resumed));
        assertEquals(List.of("4", "5", "6"), late.replay("t", EPOCH + "-3").events().stream()
                .map(ServerSentEvent::data).toList(), "replay() reads the cluster history too");
    }

    @Test
    void aClientResumingOnANodeBehindTheBrokerGetsEachEventOnce() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = hub(cluster.node());
        Node behindNode = cluster.node();
        DefaultServerSentEventHub behind = hub(behindNode);
        broadcast(a, "1", "2");
        cluster.sequence();
        behindNode.holding = true;                               // 3 and 4 are on their way to this node
        broadcast(a, "3", "4");
        cluster.sequence();

        Subscription resumed = behind.subscribe("t", EPOCH + "-1", QUIET);
        assertEquals(List.of(EPOCH + "-2=2"), drain(resumed), "its own log covers the id");
        Subscription fromShared = behind.subscribe("t", EPOCH + "-3", QUIET);
        behindNode.release();
        broadcast(a, "5");
        cluster.sequence();

        assertEquals(List.of(EPOCH + "-4=4", EPOCH + "-5=5"), drain(fromShared));
        assertEquals(List.of(EPOCH + "-3=3", EPOCH + "-4=4", EPOCH + "-5=5"), drain(resumed));
    }

    @Test
    void aClientResumingAfterTheNewestEventOfTheClusterGetsOnlyWhatFollows() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = hub(cluster.node());
        Node behindNode = cluster.node();
        DefaultServerSentEventHub behind = hub(behindNode);
        behindNode.holding = true;
        broadcast(a, "1", "2");
        cluster.sequence();

        Subscription resumed = behind.subscribe("t", EPOCH + "-2", QUIET);
        behindNode.release();
        broadcast(a, "3");
        cluster.sequence();

        assertEquals(List.of(EPOCH + "-3=3"), drain(resumed));
    }

    @Test
    void anIdTheClusterHistoryNoLongerCoversGetsTheResyncMarkerNeverAWrongReplay() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = hub(cluster.node());
        broadcast(a, "1", "2");
        cluster.sequence();
        DefaultServerSentEventHub late = hub(cluster.node());

        Subscription foreign = late.subscribe("t", "ffffffffffff-1", QUIET);
        cluster.historyReachable = false;
        Subscription unreachable = late.subscribe("t", EPOCH + "-1", QUIET);
        broadcast(a, "3");
        cluster.sequence();

        assertTrue(foreign.resyncRequired());
        assertTrue(unreachable.resyncRequired());
        assertEquals(List.of(EPOCH + "-3=3"), drain(foreign));
        assertEquals(List.of(EPOCH + "-3=3"), drain(unreachable));
    }

    @Test
    void aGapMarkerNamesTheLastMissedEventByItsClusterId() {
        LoopbackCluster cluster = new LoopbackCluster();
        DefaultServerSentEventHub a = new DefaultServerSentEventHub(
                StreamOptions.builder().historySize(2).build(), cluster.node());
        Subscription slow = a.subscribe("t");
        broadcast(a, "1", "2", "3", "4");
        cluster.sequence();

        ServerSentEvent marker = slow.poll();
        assertEquals(StreamMarkers.GAP, marker.event());
        assertEquals(EPOCH + "-2", marker.id(), "the id of the last missed event, as every node names it");
        assertEquals(List.of(EPOCH + "-3=3", EPOCH + "-4=4"), drain(slow));
    }
}
