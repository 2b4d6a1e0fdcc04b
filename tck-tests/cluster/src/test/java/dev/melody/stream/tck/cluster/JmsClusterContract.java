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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a pair of servers of one kind does with the Jakarta Messaging backplane ({@code melody-stream-jms} in the
 * WAR, nothing else but the servers' own configuration): the servers' plumbing first (the WAR's probe sends and
 * receives on a topic of its own, without the library), then delivery to SSE and WebSocket clients of both
 * nodes, once each and without an echo, each publisher's order in a burst, and resuming by {@code Last-Event-ID}:
 * exact on the node that issued the id, the resync marker first on the other node (each node numbers the events it
 * delivers itself: a relaying backplane shares no sequencer).
 *
 * <p>A subclass starts its pair ({@link #startPair}); the cases run in order, each on topics of its own, and every
 * client a case opens is closed after it. The pair is linked (a broadcast on each node heard on the other) before the
 * first case that needs the backplane, and stopped in {@link #stopPair()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JmsClusterContract {

    /** The events each node broadcasts in the burst case. */
    private static final int BURST = 200;

    /** The pause between two looks at a probe's state, which the servers do not push. */
    private static final Duration PROBE_POLL = Duration.ofMillis(200);

    private Cluster cluster;
    private ClusterNode first;
    private ClusterNode second;
    private boolean linked;
    private final List<StreamClient> clients = new ArrayList<>();

    /**
     * Starts the pair, both serving the WAR (see {@link Cluster#startServed}).
     *
     * @param work the folder the servers write to (each runs {@link #jmsWar()} or {@link #jmsArtemisWar()})
     * @return the pair, first node first
     * @throws Exception when a server does not start
     */
    abstract Cluster startPair(Path work) throws Exception;

    /**
     * Returns the WAR for servers with a broker of their own.
     *
     * @return {@code melody-cluster-jms.war}
     */
    static Path jmsWar() {
        return Path.of(Cluster.requiredProperty("cluster.jms.war"));
    }

    /**
     * Returns the WAR for servers without a broker: it produces an Artemis client connection factory.
     *
     * @return {@code melody-cluster-jms-artemis.war}
     */
    static Path jmsArtemisWar() {
        return Path.of(Cluster.requiredProperty("cluster.jms.artemis.war"));
    }

    @BeforeAll
    void startCluster() throws Exception {
        cluster = startPair(Cluster.workDir());
        first = cluster.nodes().get(0);
        second = cluster.nodes().get(1);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StreamClient::close);
        clients.clear();
    }

    @AfterAll
    void stopPair() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void serversCarryAJmsMessageBetweenTheNodesWithoutTheLibrary() {
        for (ClusterNode node : cluster.nodes()) {
            awaitProbe(node + "'s JMS probe subscribed to the topic", () -> node.jmsProbeStatus().equals("subscribed"),
                    node::jmsProbeStatus);
        }
        first.jmsProbeSend("from-" + first.name());
        second.jmsProbeSend("from-" + second.name());
        List<String> sent = List.of("from-" + first.name(), "from-" + second.name());
        for (ClusterNode node : cluster.nodes()) {
            awaitProbe(node + "'s JMS probe received the messages of both nodes",
                    () -> node.jmsProbeReceived().containsAll(sent), () -> node.jmsProbeReceived().toString());
            assertEquals(sent.size(), node.jmsProbeReceived().size(),
                    node + "'s JMS probe received each message once: " + node.jmsProbeReceived());
        }
    }

    @Test
    @Order(2)
    void broadcastOnEitherNodeReachesSseAndWebSocketClientsOfBothOnceWithoutEcho() throws Exception {
        link();
        String topic = "jms-fanout";
        List<StreamClient> everywhere = connectEverywhere(topic);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (ClusterNode node : cluster.nodes()) {
                String data = node.name() + "-" + round;
                assertEquals(2, node.broadcast(topic, data),
                        node + " delivered its own broadcast to its own SSE and WebSocket client");
                sent.add(data);
            }
        }
        List<String> lasts = cluster.nodes().stream().map(node -> "last-" + node.name()).toList();
        first.broadcast(topic, lasts.get(0));
        second.broadcast(topic, lasts.get(1));
        sent.addAll(lasts);

        for (StreamClient client : everywhere) {
            client.await("the last broadcast of both nodes", events -> lasts.stream().allMatch(d -> hasData(events, d)));
            List<ReceivedEvent> received = client.events();
            assertNoMarker(client, received);
            assertExactlyOnce(client, sent, received);
            assertDistinctIds(client, received);
            for (ClusterNode publisher : cluster.nodes()) {
                List<String> own = sent.stream().filter(d -> d.contains(publisher.name())).toList();
                assertEquals(own, dataIn(received, own::contains),
                        client + " received " + publisher + "'s broadcasts in the order they were made");
            }
        }
    }

    @Test
    @Order(3)
    void burstsOfBothNodesArriveWholeOnceAndInEachPublishersOrderEverywhere() throws Exception {
        link();
        String topic = "jms-burst";
        List<StreamClient> everywhere = connectEverywhere(topic);
        List<CompletableFuture<List<String>>> bursts = cluster.nodes().stream()
                .map(node -> CompletableFuture.supplyAsync(() -> burst(node, topic))).toList();
        List<List<String>> sent = new ArrayList<>();
        for (CompletableFuture<List<String>> burst : bursts) {
            sent.add(burst.get(Bounds.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS));
        }
        List<String> all = sent.stream().flatMap(List::stream).toList();
        for (StreamClient client : everywhere) {
            client.await("all " + all.size() + " events of both bursts",
                    events -> events.stream().filter(e -> !e.isMarker()).count() >= all.size()
                            && all.stream().allMatch(d -> hasData(events, d)));
            List<ReceivedEvent> received = client.events();
            assertNoMarker(client, received);
            assertExactlyOnce(client, all, received);
            for (List<String> own : sent) {
                assertEquals(own, dataIn(received, own::contains),
                        client + " received a burst in the order it was broadcast");
            }
        }
    }

    private static List<String> burst(ClusterNode node, String topic) {
        List<String> data = IntStream.range(0, BURST).mapToObj(i -> "burst-" + node.name() + "-" + i).toList();
        data.forEach(d -> node.broadcast(topic, d));
        return data;
    }

    @Test
    @Order(4)
    void sseClientResumingOnTheOtherNodeGetsTheResyncMarkerFirstThenLiveEvents() throws Exception {
        link();
        resumesOnTheOtherNode(first, second);
        resumesOnTheOtherNode(second, first);
    }

    private void resumesOnTheOtherNode(ClusterNode from, ClusterNode to) throws Exception {
        String topic = "jms-resume-" + from.name() + "-to-" + to.name();
        StreamClient witness = track(SseClient.connect("sse@" + to, to.sseUri(topic), null));
        String lastEventId = leaveAfterTwoEvents(from, topic);
        List<String> whileAway = broadcastWhileAway(topic);
        witness.await("the events broadcast while the client was away",
                events -> whileAway.stream().allMatch(data -> hasData(events, data)));

        StreamClient resumed = track(SseClient.connect("sse@" + to + " resuming after " + lastEventId + " of "
                + from, to.sseUri(topic), lastEventId));
        from.broadcast(topic, "live-" + from.name());
        to.broadcast(topic, "live-" + to.name());
        List<String> live = List.of("live-" + from.name(), "live-" + to.name());
        resumed.await("both live events", events -> live.stream().allMatch(d -> hasData(events, d)));

        List<ReceivedEvent> received = resumed.events();
        assertEquals(ReceivedEvent.RESYNC, received.get(0).type(),
                resumed + " was told to resynchronise first, since " + to + " did not issue " + lastEventId
                        + ", and received no replay of " + whileAway + "; received " + received);
        List<ReceivedEvent> afterMarker = received.subList(1, received.size());
        assertNoMarker(resumed, afterMarker);
        // the two nodes' live events have no order between them: a relaying backplane orders each publisher's alone
        assertExactlyOnce(resumed, live, afterMarker);
    }

    @Test
    @Order(5)
    void sseClientResumingOnTheSameNodeIsReplayedExactly() throws Exception {
        link();
        resumesOnTheSameNode(first);
        resumesOnTheSameNode(second);
    }

    private void resumesOnTheSameNode(ClusterNode node) throws Exception {
        String topic = "jms-resume-" + node.name();
        StreamClient witness = track(SseClient.connect("sse@" + node, node.sseUri(topic), null));
        String lastEventId = leaveAfterTwoEvents(node, topic);
        List<String> whileAway = broadcastWhileAway(topic);
        witness.await("the events broadcast while the client was away",
                events -> whileAway.stream().allMatch(data -> hasData(events, data)));

        StreamClient resumed = track(SseClient.connect("sse@" + node + " resuming after " + lastEventId,
                node.sseUri(topic), lastEventId));
        String live = "live-" + node.name();
        node.broadcast(topic, live);
        witness.await("the event '" + live + "'", events -> hasData(events, live));
        resumed.await("the event '" + live + "'", events -> hasData(events, live));

        List<ReceivedEvent> witnessed = witness.events();
        int resumeAt = indexOf(witnessed, e -> lastEventId.equals(e.id())) + 1;
        assertTrue(resumeAt > 0, witness + " received " + lastEventId + ": " + witnessed);
        assertEquals(witnessed.subList(resumeAt, witnessed.size()), resumed.events(),
                resumed + " received exactly what " + witness + " received after " + lastEventId
                        + " (the other node's events included), once and in order, without a marker");
        assertNoMarker(witness, witnessed);
    }

    /**
     * Opens an SSE client on a node, waits for two events (one from each node), closes it and returns its last id.
     */
    private String leaveAfterTwoEvents(ClusterNode node, String topic) throws Exception {
        StreamClient leaving = track(SseClient.connect("sse@" + node, node.sseUri(topic), null));
        first.broadcast(topic, "before-" + first.name());
        second.broadcast(topic, "before-" + second.name());
        List<ReceivedEvent> before = leaving.awaitApplicationEvents(2);
        String lastEventId = before.get(1).id();
        assertFalse(lastEventId.isEmpty(), leaving + " received events with ids: " + before);
        leaving.close();
        return lastEventId;
    }

    /** Broadcasts two events on each node, and returns their data. */
    private List<String> broadcastWhileAway(String topic) {
        List<String> whileAway = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (ClusterNode node : cluster.nodes()) {
                String data = "away-" + node.name() + "-" + round;
                node.broadcast(topic, data);
                whileAway.add(data);
            }
        }
        return whileAway;
    }

    /** Waits once per class until a broadcast on each node is heard on the other (both backplanes subscribed). */
    private void link() throws Exception {
        if (!linked) {
            long since = System.nanoTime();
            cluster.awaitLinked();
            linked = true;
            System.out.printf("%s linked after %d ms%n", cluster.nodes(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }

    private List<StreamClient> connectEverywhere(String topic) throws Exception {
        List<StreamClient> everywhere = new ArrayList<>();
        for (ClusterNode node : cluster.nodes()) {
            everywhere.add(track(SseClient.connect("sse@" + node, node.sseUri(topic), null)));
            everywhere.add(track(WebSocketStreamClient.connect("ws@" + node, node.webSocketUri(topic))));
        }
        return everywhere;
    }

    private StreamClient track(StreamClient client) {
        clients.add(client);
        return client;
    }

    /** Polls a condition no server pushes to the test, every {@link #PROBE_POLL}, at most {@link Bounds#RECOVERY}. */
    private static void awaitProbe(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + Bounds.RECOVERY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + Bounds.RECOVERY + "; last seen: "
                        + state.get());
            }
            LockSupport.parkNanos(PROBE_POLL.toNanos());
        }
    }
}
