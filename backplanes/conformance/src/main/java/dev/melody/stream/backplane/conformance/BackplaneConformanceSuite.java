package dev.melody.stream.backplane.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.cluster.GoEnvelope;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backplane must show, with real hubs on two or three nodes over a real broker: fan-out without
 * duplicate or echo, per-publisher order, Go Melody's envelope in both directions, malformed input, broker outages,
 * shutdown while reconnecting, and resuming a client on another node.
 *
 * <p><b>Role.</b> A backplane module runs it by extending it in its tests and returning its own
 * {@link BackplaneFixture} from {@link #newFixture()}; {@link BackplaneFixture#sequencing()} chooses between the
 * expectations of a sequencing backplane (one order and one id per event on every node, replay on any node) and of a
 * relaying one (each publisher's order, node-local ids, the resync marker for an id of another node).
 *
 * <p><b>Thread-safety.</b> JUnit runs one test at a time per instance. Tests wait only with bounds
 * ({@value #TIMEOUT_SECONDS} s for anything that must happen); the one fixed wait proves an absence (that no duplicate,
 * echo or replay follows what was expected) and lasts 300 ms.
 *
 * <p><b>Lifecycle.</b> One fixture per test: made and its broker started before the test, closed after it, with
 * every hub the test made shut down first, whether the test passed or not.
 */
public abstract class BackplaneConformanceSuite {

    /** The bound of every wait for something that must happen, in seconds. */
    public static final long TIMEOUT_SECONDS = 20;

    private static final Pattern ORIGIN = Pattern.compile("[0-9a-f]{32}");
    private static final int EVENTS_IN_ORDER = 1_000;
    private static final int OUTAGE_EVENTS = 10;

    private BackplaneFixture fixture;
    private final List<ServerSentEventHub> hubs = new ArrayList<>();

    /**
     * Makes the fixture of one test, its broker not yet started.
     *
     * @return a new fixture
     * @throws Exception if it cannot be made
     */
    protected abstract BackplaneFixture newFixture() throws Exception;

    /**
     * Tells whether a thread started while a node ran belongs to its backplane, for the check that a shut-down node
     * leaves none running. Threads of the JDK and the test runner are never counted. By default every other thread
     * counts; a fixture whose broker runs in this JVM, or whose client keeps process-wide pools by design, narrows it.
     *
     * @param thread a live thread that did not exist before the node was made
     * @return {@code true} if it must have ended once the node is shut down
     */
    protected boolean countsAsBackplaneThread(Thread thread) {
        return true;
    }

    /**
     * Returns the options of every hub the suite makes; the fixture receives them in
     * {@link BackplaneFixture#newNode(StreamOptions)}.
     *
     * @return the options; {@link StreamOptions#defaults()} unless overridden
     */
    protected StreamOptions hubOptions() {
        return StreamOptions.defaults();
    }

    @BeforeEach
    final void startFixture() throws Exception {
        fixture = newFixture();
        fixture.startBroker();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        try {
            hubs.forEach(ServerSentEventHub::shutdown);
        } finally {
            hubs.clear();
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    /** Makes {@code count} nodes on the fixture's channel and waits until every one is connected. */
    private List<Node> cluster(int count) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StreamOptions options = hubOptions();
            var backplane = fixture.newNode(options);
            ServerSentEventHub hub = new DefaultServerSentEventHub(options, backplane);
            hubs.add(hub);
            nodes.add(new Node(String.valueOf((char) ('A' + i)), hub, backplane));
        }
        awaitConnected(nodes, true);
        return nodes;
    }

    private void awaitConnected(List<Node> nodes, boolean connected) {
        for (Node node : nodes) {
            Waits.await(() -> fixture.connected(node.backplane()) == connected,
                    () -> "node " + node.name() + " to be " + (connected ? "connected" : "disconnected"));
        }
    }

    // ---------------------------------------------------------------- delivery

    @Test
    void broadcastReachesEveryOtherNodeOnceAndThePublishersOwnSubscribersOnce() throws Exception {
        List<Node> nodes = cluster(3);
        List<Reader> readers = new ArrayList<>();
        for (Node node : nodes) {
            readers.add(node.subscribe("fanout"));
            readers.add(node.subscribe("fanout"));
        }
        for (Node node : nodes) {
            node.broadcast("fanout", "from-" + node.name());
        }
        Set<String> expected = Set.of("from-A", "from-B", "from-C");
        for (Reader reader : readers) {
            reader.awaitUntil(read -> new HashSet<>(reader.data()).containsAll(expected), "one event of each node");
            List<String> read = reader.readQuietPeriod().stream().map(ServerSentEvent::data).toList();
            assertEquals(3, read.size(), "each broadcast exactly once, no duplicate and no echo: " + read);
            assertEquals(expected, new HashSet<>(read));
        }
    }

    @Test
    void thousandEventsFromOneNodeArriveInOrderOnEveryOtherNode() throws Exception {
        List<Node> nodes = cluster(3);
        List<Reader> readers = nodes.stream().map(node -> node.subscribe("order")).toList();
        for (int i = 0; i < EVENTS_IN_ORDER; i++) {
            nodes.get(0).broadcast("order", "A-" + i);
        }
        for (Reader reader : readers) {
            reader.await(EVENTS_IN_ORDER);
            reader.readQuietPeriod();
            Checks.publisherOrder(reader, List.of("A"), EVENTS_IN_ORDER);
        }
    }

    @Test
    void concurrentBroadcastersOnThreeNodesReachEveryNodeOnceInEachPublishersOrder() throws Exception {
        List<Node> nodes = cluster(3);
        List<Reader> readers = nodes.stream().map(node -> node.subscribe("busy")).toList();
        int perThread = 250;
        List<String> publishers = List.of("w0", "w1", "w2", "w3");
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < publishers.size(); t++) {
            Node node = nodes.get(t % nodes.size());     // w0 and w3 share node A
            String publisher = publishers.get(t);
            threads.add(new Thread(() -> {
                try {
                    if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never started");
                    }
                    for (int i = 0; i < perThread; i++) {
                        node.broadcast("busy", publisher + "-" + i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "conformance-broadcaster-" + publisher));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertFalse(thread.isAlive(), thread.getName() + " still broadcasting");
        }
        assertEquals(null, failure.get(), "a broadcaster failed");
        int total = perThread * publishers.size();
        for (Reader reader : readers) {
            reader.await(total);
            reader.readQuietPeriod();
            Checks.publisherOrder(reader, publishers, perThread);
        }
        if (fixture.sequencing()) {
            List<ServerSentEvent> first = readers.get(0).events();
            for (Reader reader : readers) {
                assertEquals(first, reader.events(), "a sequencing backplane: the same order and ids on every node");
            }
        }
    }

    // ---------------------------------------------------------------- Go's envelope

    @Test
    void javaBroadcastIsGoMelodysEnvelopeOnTheChannel() throws Exception {
        List<Node> nodes = cluster(2);
        Reader onA = nodes.get(0).subscribe("envelope");
        try (RawTap tap = fixture.tap()) {
            ServerSentEvent sent = new ServerSentEvent(null, "price", "line 1\nline 2 <&> \"quoted\" é",
                    Duration.ofMillis(1500));
            nodes.get(0).hub().broadcast("envelope", sent);
            ServerSentEvent seen = onA.await(1).get(0);
            byte[] body = Envelopes.nextOnTopic(tap, "envelope");
            JsonObject envelope = Envelopes.json(body);
            String origin = envelope.getString("origin");
            assertTrue(ORIGIN.matcher(origin).matches(), "origin is 32 lowercase hex characters: " + origin);
            assertEquals("envelope", envelope.getString("topic"));
            JsonObject event = envelope.getJsonObject("event");
            assertEquals(List.of("Id", "Event", "Data", "Retry"), List.copyOf(event.keySet()), "Go's keys, in order");
            assertEquals(seen.id(), event.getString("Id"), "the id the publishing node's subscribers saw");
            assertEquals("price", event.getString("Event"));
            assertEquals(sent.data(), event.getString("Data"));
            assertEquals(1500, event.getJsonNumber("Retry").longValueExact(), "Retry in milliseconds");
            assertEquals(GoEnvelope.write(origin, "envelope", seen, null), new String(body, StandardCharsets.UTF_8),
                    "byte for byte as Go's encoding/json writes it");

            nodes.get(1).broadcast("envelope", "from B");
            String otherOrigin = Envelopes.json(Envelopes.nextOnTopic(tap, "envelope")).getString("origin");
            assertTrue(ORIGIN.matcher(otherOrigin).matches(), otherOrigin);
            assertNotEquals(origin, otherOrigin, "one origin per node");
        }
    }

    @Test
    void goEnvelopeReachesSubscribersOnEveryNodeWithDataEventTypeAndRetry() throws Exception {
        List<Node> nodes = cluster(2);
        List<Reader> readers = nodes.stream().map(node -> node.subscribe("from-go")).toList();
        fixture.publishRaw(Envelopes.go("from-go", "go-7", "tick", "from a <Go> node\nsecond line", 2500));
        for (Reader reader : readers) {
            List<ServerSentEvent> read = reader.await(1);
            reader.readQuietPeriod();
            assertEquals(1, read.size(), "exactly once: " + reader.describe());
            ServerSentEvent event = read.get(0);
            assertEquals("tick", event.event());
            assertEquals("from a <Go> node\nsecond line", event.data());
            assertEquals(Duration.ofMillis(2500), event.retry());
            assertNotNull(event.id(), "an id to resume with (Go's or the node's own)");
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void malformedMessagesAreSkippedAndCountedAndTheNextGoodOneIsDelivered() throws Exception {
        List<Node> nodes = cluster(2);
        List<Reader> readers = nodes.stream().map(node -> node.subscribe("bad-input")).toList();
        List<Long> before = nodes.stream().map(node -> fixture.malformed(node.backplane())).toList();
        List<byte[]> bad = Envelopes.malformed("bad-input");
        for (byte[] body : bad) {
            fixture.publishRaw(body);
        }
        fixture.publishRaw(Envelopes.go("bad-input", null, null, "good", 0));
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            long start = before.get(i);
            long expected = start + bad.size();
            readers.get(i).awaitData("good");
            Waits.await(() -> fixture.malformed(node.backplane()) >= expected, () -> "node " + node.name()
                    + " to count " + bad.size() + " malformed messages; counted "
                    + (fixture.malformed(node.backplane()) - start));
            assertEquals(List.of("good"), readers.get(i).readQuietPeriod().stream().map(ServerSentEvent::data)
                    .toList(), "nothing of the malformed messages is delivered");
        }
    }

    // ---------------------------------------------------------------- broker faults

    @Test
    void brokerOutageKeepsLocalDeliveryAndOtherNodesGetAGapMarkerAfterwards() throws Exception {
        List<Node> nodes = cluster(2);
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Reader onA = a.subscribe("outage");
        Reader onB = b.subscribe("outage");
        a.broadcast("outage", "before");
        onB.awaitData("before");

        fixture.stopBroker();
        awaitConnected(nodes, false);
        for (int i = 1; i <= OUTAGE_EVENTS; i++) {
            a.broadcast("outage", "alone-" + i);
        }
        onA.awaitUntil(read -> read.size() >= 1 + OUTAGE_EVENTS, "local delivery during the outage");

        fixture.restartBroker();
        awaitConnected(nodes, true);
        a.broadcast("outage", "after-A");
        b.broadcast("outage", "after-B");
        onB.awaitUntil(read -> Checks.receivedOrMarkedMissing(read, "alone-") >= OUTAGE_EVENTS && onB.data().contains("after-A"),
                "every event of the outage, or a gap marker counting the missed ones, then live events");
        onA.awaitData("after-B");
        onA.readQuietPeriod();
        assertEquals(List.of(), onA.markers(), "the node that delivered everything itself has nothing to mark");
        assertEquals(List.of("before"), onA.data().subList(0, 1));
        assertEquals(OUTAGE_EVENTS + 3, onA.events().size(), "no duplicate on the publishing node: "
                + onA.describe());
    }

    @Test
    void brokerRestartedEmptyWithoutTrafficDuringTheOutageResumesDelivery() throws Exception {
        List<Node> nodes = cluster(2);
        Reader onA = nodes.get(0).subscribe("restart");
        Reader onB = nodes.get(1).subscribe("restart");
        nodes.get(0).broadcast("restart", "before");
        onB.awaitData("before");

        fixture.stopBroker();
        awaitConnected(nodes, false);
        fixture.restartBroker();
        awaitConnected(nodes, true);
        nodes.get(0).broadcast("restart", "after-A");
        nodes.get(1).broadcast("restart", "after-B");
        for (Reader reader : List.of(onA, onB)) {
            reader.awaitUntil(read -> reader.data().containsAll(List.of("after-A", "after-B")), "both live events");
            reader.readQuietPeriod();
            assertEquals(List.of(), reader.markers(), "nothing was missed");
            assertEquals(3, reader.events().size(), "each exactly once: " + reader.describe());
        }
    }

    @Test
    void shutdownWhileReconnectingReturnsAndLeavesNoBackplaneThreadRunning() throws Exception {
        Set<Thread> before = Threads.live();
        List<Node> nodes = cluster(2);
        fixture.stopBroker();
        awaitConnected(nodes, false);
        for (Node node : nodes) {
            Thread shutdown = new Thread(node.hub()::shutdown, "conformance-shutdown-" + node.name());
            shutdown.start();
            shutdown.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertFalse(shutdown.isAlive(), "node " + node.name() + "'s hub shutdown still running after "
                    + TIMEOUT_SECONDS + " s with the broker down");
        }
        Waits.await(() -> Threads.startedSince(before, this::countsAsBackplaneThread).isEmpty(),
                () -> "the backplane's threads to end: " + Threads.startedSince(before, this::countsAsBackplaneThread));
    }

    // ---------------------------------------------------------------- resume

    @Test
    void lastIdReplaysExactlyOnTheSameNodeAndOnAnotherOnlyWhenSequencedElseResynchronises() throws Exception {
        List<Node> nodes = cluster(2);
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Reader onA = a.subscribe("resume");
        Reader onB = b.subscribe("resume");
        for (int i = 1; i <= 5; i++) {
            a.broadcast("resume", "r" + i);
        }
        List<ServerSentEvent> seenOnA = onA.await(5);
        onB.await(5);
        String lastId = seenOnA.get(1).id();
        List<ServerSentEvent> rest = List.copyOf(seenOnA.subList(2, 5));

        Reader sameNode = a.resume("resume", lastId);
        assertFalse(sameNode.subscription().resyncRequired(), "the node that issued the id replays it");
        sameNode.await(3);
        assertEquals(rest, sameNode.readQuietPeriod(), "exactly the rest, with the same ids");

        Reader otherNode = b.resume("resume", lastId);
        if (fixture.sequencing()) {
            assertFalse(otherNode.subscription().resyncRequired(), "a sequencing backplane replays on any node");
            otherNode.await(3);
            assertEquals(rest, otherNode.readQuietPeriod(), "exactly the rest, with the cluster's ids");
        } else {
            assertTrue(otherNode.subscription().resyncRequired(),
                    "another node's id: the resync marker, never a replay after one of this node's ids");
            assertEquals(List.of(), otherNode.readQuietPeriod(), "no replay");
            a.broadcast("resume", "r6");
            assertEquals("r6", otherNode.await(1).get(0).data(), "live events follow the resync");
        }
    }
}
