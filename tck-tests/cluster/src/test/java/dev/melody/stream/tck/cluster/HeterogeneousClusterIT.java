package dev.melody.stream.tck.cluster;

import static dev.melody.stream.tck.cluster.Expectations.assertDistinctIds;
import static dev.melody.stream.tck.cluster.Expectations.assertExactlyOnce;
import static dev.melody.stream.tck.cluster.Expectations.assertNoMarker;
import static dev.melody.stream.tck.cluster.Expectations.dataIn;
import static dev.melody.stream.tck.cluster.Expectations.hasData;
import static dev.melody.stream.tck.cluster.Expectations.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.redis.testing.RedisProcess;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A heterogeneous cluster on one Redis: a WildFly, a Payara Micro and an Open Liberty server run at once, each with
 * the same user-style WAR (a probe servlet plus {@code melody-stream} and {@code melody-stream-redis} in
 * {@code WEB-INF/lib}), each told the Redis URI by a system property of its JVM, and nothing else shared.
 *
 * <p>The cases run in order, the Redis outage last, each on topics of its own; every client a case opens is closed
 * after it. The {@link Cluster} (one Redis and the three servers) is started once for the class and stopped in
 * {@link #stopCluster()}; a start that fails half-way stops what it started, and a shutdown hook stops everything
 * should the test JVM end early.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeterogeneousClusterIT {

    /** How long Redis stays down in the outage case, broadcasts going on meanwhile on every node. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    /** The pace of broadcasts on each node during the outage. */
    private static final Duration OUTAGE_BROADCAST_PERIOD = Duration.ofMillis(250);

    private static Cluster cluster;
    private static List<ClusterNode> nodes;
    private static RedisProcess redis;

    private final List<StreamClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start();
        nodes = cluster.nodes();
        redis = cluster.redis();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StreamClient::close);
        clients.clear();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void broadcastOnEachNodeReachesSseAndWebSocketClientsOfEveryNodeWithTheSameIds() throws Exception {
        String topic = "fanout";
        List<StreamClient> everywhere = connectEverywhere(topic);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (ClusterNode node : nodes) {
                String data = node.name() + "-" + round;
                node.broadcast(topic, data);
                sent.add(data);
            }
        }
        nodes.get(0).broadcast(topic, "last");
        sent.add("last");

        List<ReceivedEvent> reference = null;
        for (StreamClient client : everywhere) {
            // every broadcast, not only 'last': another node's earlier broadcast may reach Redis after it (each node
            // publishes from its own thread), and then it is sequenced, and delivered, after 'last'
            client.await("every broadcast", events -> sent.stream().allMatch(data -> hasData(events, data)));
            List<ReceivedEvent> received = client.events();
            assertNoMarker(client, received);
            assertExactlyOnce(client, sent, received);
            assertDistinctIds(client, received);
            if (reference == null) {
                reference = received;
            } else {
                assertEquals(reference, received, client + " received the same events, ids and order as "
                        + everywhere.get(0));
            }
        }
    }

    @Test
    @Order(2)
    void sseClientOfOneNodeResumesOnAnotherWithLastEventIdAndLosesNothing() throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            ClusterNode first = nodes.get(i);
            ClusterNode second = nodes.get((i + 1) % nodes.size());
            ClusterNode witnessNode = nodes.get((i + 2) % nodes.size());
            resumesWithoutLoss(first, second, witnessNode);
        }
    }

    private void resumesWithoutLoss(ClusterNode first, ClusterNode second, ClusterNode witnessNode)
            throws Exception {
        String topic = "resume-" + first.name() + "-to-" + second.name();
        StreamClient witness = track(SseClient.connect("sse@" + witnessNode, witnessNode.sseUri(topic), null));
        StreamClient leaving = track(SseClient.connect("sse@" + first, first.sseUri(topic), null));
        first.broadcast(topic, "before-1");
        witnessNode.broadcast(topic, "before-2");
        List<ReceivedEvent> before = leaving.awaitApplicationEvents(2);
        String lastEventId = before.get(1).id();
        assertFalse(lastEventId.isEmpty(), leaving + " received events with ids: " + before);
        leaving.close();

        List<String> whileAway = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (ClusterNode node : nodes) {
                String data = "away-" + node.name() + "-" + round;
                node.broadcast(topic, data);
                whileAway.add(data);
            }
        }
        witness.await("the events broadcast while the client was away",
                events -> whileAway.stream().allMatch(data -> hasData(events, data)));

        StreamClient resumed = track(SseClient.connect("sse@" + second + " resuming after " + lastEventId,
                second.sseUri(topic), lastEventId));
        first.broadcast(topic, "live");
        witness.await("the event 'live'", events -> hasData(events, "live"));
        resumed.await("the event 'live'", events -> hasData(events, "live"));

        List<ReceivedEvent> witnessed = witness.events();
        int resumeAt = indexOf(witnessed, e -> lastEventId.equals(e.id())) + 1;
        assertTrue(resumeAt > 0, witness + " received " + lastEventId + ": " + witnessed);
        assertEquals(witnessed.subList(resumeAt, witnessed.size()), resumed.events(),
                resumed + " received exactly what " + witness + " received after " + lastEventId
                        + ", once and in order, without a marker");
        assertNoMarker(witness, witnessed);
    }

    @Test
    @Order(3)
    void goEnvelopePublishedOnTheChannelReachesClientsOfEveryNode() throws Exception {
        String topic = "go-interop";
        List<StreamClient> everywhere = connectEverywhere(topic);
        long listeners;
        try (GoNode goNode = GoNode.connect(redis.port())) {
            listeners = goNode.publish(topic, "g-1", "x");
        }
        assertTrue(listeners >= nodes.size(), "every node listens on " + GoNode.CHANNEL + ", but PUBLISH reached "
                + listeners);

        for (StreamClient client : everywhere) {
            List<ReceivedEvent> received = client.awaitApplicationEvents(1);
            assertEquals(new ReceivedEvent(ReceivedEvent.DEFAULT_TYPE, "g-1", "x"), received.get(0),
                    client + " received the Go node's event with its id and data");
        }
        nodes.get(0).broadcast(topic, "after-go");
        for (StreamClient client : everywhere) {
            client.await("the event 'after-go'", events -> hasData(events, "after-go"));
            assertExactlyOnce(client, List.of("x", "after-go"), client.events());
            assertNoMarker(client, client.events());
        }
    }

    @Test
    @Order(4)
    void broadcastOnEachNodeIsPublishedOnTheChannelAsGoMelodyEnvelope() throws Exception {
        String topic = "go-reads";
        Set<String> origins = new LinkedHashSet<>();
        try (GoNode goNode = GoNode.connect(redis.port())) {
            goNode.subscribe();
            for (ClusterNode node : nodes) {
                String data = "from-" + node.name();
                node.broadcast(topic, data);
                JsonObject envelope = goNode.awaitEnvelope(topic, data);
                assertTrue(envelope.getString("origin").matches("[0-9a-f]{32}"),
                        node + " names its origin with 32 hex characters: " + envelope);
                JsonObject event = envelope.getJsonObject("event");
                assertTrue(event.keySet().containsAll(Set.of("Id", "Event", "Data", "Retry")),
                        node + " writes every key of Go's event, capitalised: " + envelope);
                assertFalse(event.getString("Id").isEmpty(), node + " publishes the event's id: " + envelope);
                assertEquals(0, event.getJsonNumber("Retry").intValueExact(), node + ": Retry is a number, 0");
                origins.add(envelope.getString("origin"));
            }
        }
        assertEquals(nodes.size(), origins.size(), "every node has an origin of its own: " + origins);
    }

    @Test
    @Order(5)
    void redisStoppedWhileBroadcastingKeepsLocalDeliveryThenCrossNodeResumesWithGapMarkers() throws Exception {
        String topic = "outage";
        Map<ClusterNode, List<StreamClient>> byNode = new LinkedHashMap<>();
        for (ClusterNode node : nodes) {
            byNode.put(node, List.of(
                    track(SseClient.connect("sse@" + node, node.sseUri(topic), null)),
                    track(WebSocketStreamClient.connect("ws@" + node, node.webSocketUri(topic)))));
        }
        for (ClusterNode node : nodes) {
            node.broadcast(topic, "up-" + node.name());
        }
        for (StreamClient client : clients) {
            client.awaitApplicationEvents(nodes.size());
        }

        redis.stop();
        Map<ClusterNode, List<String>> sentWhileDown = broadcastDuringOutage(topic);
        for (var entry : byNode.entrySet()) {
            for (StreamClient client : entry.getValue()) {
                List<String> own = sentWhileDown.get(entry.getKey());
                client.await("every broadcast of its own node while Redis is down",
                        events -> own.stream().allMatch(data -> hasData(events, data)));
                assertEquals(own, dataIn(client.applicationEvents(), own::contains),
                        client + " received its own node's broadcasts in order while Redis was down");
            }
        }
        redis.restart();

        for (ClusterNode node : nodes) {
            List<StreamClient> others = byNode.entrySet().stream().filter(e -> e.getKey() != node)
                    .flatMap(e -> e.getValue().stream()).toList();
            Cluster.broadcastUntilHeard(node, topic, "after-" + node.name() + "-", others, Bounds.RECOVERY);
        }
        for (var entry : byNode.entrySet()) {
            for (StreamClient client : entry.getValue()) {
                assertGapBeforeCrossNodeResumed(client, entry.getKey(), sentWhileDown);
            }
        }

        List<String> finals = new ArrayList<>();
        for (ClusterNode node : nodes) {
            String data = "final-" + node.name();
            node.broadcast(topic, data);
            finals.add(data);
        }
        List<ReceivedEvent> reference = null;
        for (StreamClient client : clients) {
            client.await("the final broadcast of every node",
                    events -> finals.stream().allMatch(data -> hasData(events, data)));
            List<ReceivedEvent> received = client.events().stream().filter(e -> finals.contains(e.data())).toList();
            assertExactlyOnce(client, finals, received);
            if (reference == null) {
                reference = received;
            } else {
                assertEquals(reference, received, client + " received the events after the recovery with the same"
                        + " ids and in the same order as " + clients.get(0));
            }
        }
    }

    /** Broadcasts on every node at a steady pace while Redis is down; returns what each node broadcast. */
    private static Map<ClusterNode, List<String>> broadcastDuringOutage(String topic) throws Exception {
        Map<ClusterNode, List<String>> sent = new LinkedHashMap<>();
        nodes.forEach(node -> sent.put(node, new ArrayList<>()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            int[] round = {0};
            pace.scheduleAtFixedRate(() -> {
                try {
                    for (ClusterNode node : nodes) {
                        String data = "down-" + node.name() + "-" + round[0];
                        node.broadcast(topic, data);
                        sent.get(node).add(data);
                    }
                    round[0]++;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, 0, OUTAGE_BROADCAST_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            pace.schedule(pace::shutdown, OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(pace.awaitTermination(OUTAGE.plus(Bounds.WAIT).toMillis(), TimeUnit.MILLISECONDS),
                    "the broadcasts during the outage ended");
        } finally {
            pace.shutdownNow();
        }
        if (failure.get() != null) {
            throw new AssertionError("a broadcast failed while Redis was down", failure.get());
        }
        sent.forEach((node, data) -> assertFalse(data.isEmpty(), node + " broadcast during the outage"));
        return sent;
    }

    /**
     * A client that missed cross-node events during the outage has a gap marker where they are missing: after the
     * outage began and before the first event of another node after the recovery.
     */
    private static void assertGapBeforeCrossNodeResumed(StreamClient client, ClusterNode own,
            Map<ClusterNode, List<String>> sentWhileDown) {
        List<ReceivedEvent> events = client.events();
        int outageBegan = indexOf(events, e -> e.data().startsWith("down-"));
        int crossNodeResumed = indexOf(events, e -> e.data().startsWith("after-")
                && !e.data().startsWith("after-" + own.name() + "-"));
        assertTrue(outageBegan >= 0 && crossNodeResumed > outageBegan, client + " received: " + events);
        boolean missedSome = sentWhileDown.entrySet().stream().filter(e -> e.getKey() != own)
                .flatMap(e -> e.getValue().stream()).anyMatch(data -> !hasData(events, data));
        boolean gapMarked = events.subList(outageBegan, crossNodeResumed).stream()
                .anyMatch(e -> ReceivedEvent.GAP.equals(e.type()));
        System.out.printf("%s: %d events; during the outage %d of its own node, %d of other nodes; gap markers %s%n",
                client, events.size(), sentWhileDown.get(own).size(),
                sentWhileDown.entrySet().stream().filter(e -> e.getKey() != own).flatMap(e -> e.getValue().stream())
                        .filter(data -> hasData(events, data)).count(),
                events.stream().filter(e -> ReceivedEvent.GAP.equals(e.type())).map(ReceivedEvent::toString).toList());
        assertTrue(!missedSome || gapMarked, client + " missed cross-node events during the outage and got a "
                + ReceivedEvent.GAP + " marker before cross-node delivery resumed; received: " + events);
    }

    private List<StreamClient> connectEverywhere(String topic) throws Exception {
        List<StreamClient> everywhere = new ArrayList<>();
        for (ClusterNode node : nodes) {
            everywhere.add(track(SseClient.connect("sse@" + node, node.sseUri(topic), null)));
            everywhere.add(track(WebSocketStreamClient.connect("ws@" + node, node.webSocketUri(topic))));
        }
        return everywhere;
    }

    private StreamClient track(StreamClient client) {
        clients.add(client);
        return client;
    }
}
