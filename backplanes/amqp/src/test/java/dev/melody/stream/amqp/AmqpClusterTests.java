package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.spi.cluster.RelayMessage;
import dev.melody.stream.spi.cluster.RelayStatistics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real hubs on one real broker: cross-node delivery, no echo, Go's envelope both ways, bad input, the broker stopped
 * and restarted, and the container's threads. Each broker's test class says which broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AmqpClusterTests {

    private static final String GO_ORIGIN = "ffeeddccbbaa99887766554433221100";

    AmqpBroker broker;
    private final List<Node> nodes = new ArrayList<>();

    /** Starts this class's broker, or skips the class (RabbitMQ not installed). */
    abstract AmqpBroker startBroker() throws Exception;

    @BeforeAll
    final void start() throws Exception {
        broker = startBroker();
    }

    @AfterAll
    final void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    final void closeNodes() throws Exception {
        nodes.forEach(Node::close);
        List<Node> closed = List.copyOf(nodes);
        nodes.clear();
        for (Node node : closed) {
            Node.await(() -> node.liveThreads().isEmpty(), () -> node.name + "'s threads to end: " + node.liveThreads());
        }
        if (!broker.isRunning()) {
            broker.restart();
        }
    }

    private Node node(String name) {
        Node node = new Node(name, broker.uri());
        nodes.add(node);
        node.awaitConnected(true);
        return node;
    }

    @Test
    void broadcastReachesTheOtherNodeOnceAndIsNotEchoed() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("news");
        Node.Reader onB = b.subscribe("news");
        a.hub.broadcast("news", ServerSentEvent.of("hello"));
        onB.awaitData("hello");
        b.hub.broadcast("news", ServerSentEvent.of("fence"));   // after it, an echo or a duplicate would show
        assertEquals(List.of("hello", "fence"), onA.awaitData("fence").stream().map(ServerSentEvent::data).toList());
        assertEquals(List.of("hello", "fence"), onB.awaitData("fence").stream().map(ServerSentEvent::data).toList());
        Node.await(() -> a.backplane.statistics().ownSkipped() == 1 && b.backplane.statistics().ownSkipped() == 1,
                () -> "each node to skip its own message: " + a.backplane.statistics());
        assertEquals(1, a.backplane.statistics().delivered());
        assertEquals(1, b.backplane.statistics().delivered());
    }

    @Test
    void javaBroadcastOnTheExchangeIsGoMelodysEnvelopeByteForByte() throws Exception {
        Node a = node("a");
        Node.Reader onA = a.subscribe("orders");
        String data = "<p class=\"x\">Tom & \"Jerry\"</p>\n\tcaf\u00e9 \ud83d\ude00 \u2028 \u0001";
        try (RawAmqp raw = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE).tap()) {
            a.hub.broadcast("orders", ServerSentEvent.of("created", data));
            RawAmqp.Delivery delivery = raw.next(Node.TIMEOUT);
            assertNotNull(delivery, "the tap got the broadcast");
            ServerSentEvent local = onA.await(1).get(0);
            byte[] expected = GoEnvelope.bytes(GoEnvelope.write(a.backplane.origin(), "orders", local, null));
            assertArrayEquals(expected, delivery.body(), delivery.text());
            assertTrue(delivery.text().startsWith("{\"origin\":\"" + a.backplane.origin() + "\",\"topic\":\"orders\","
                    + "\"event\":{\"Id\":\"" + local.id() + "\",\"Event\":\"created\",\"Data\":\"\\u003cp class="),
                    delivery.text());
            assertEquals("application/json", delivery.properties().getContentType());
            assertEquals(1, delivery.properties().getDeliveryMode());
            Map<String, Object> headers = delivery.properties().getHeaders();
            assertEquals(a.backplane.origin(), String.valueOf(headers.get(RelayMessage.ORIGIN_PROPERTY)));
            assertEquals(1L, headers.get(RelayMessage.SEQUENCE_PROPERTY));
        }
    }

    @Test
    void goEnvelopeWithoutHeadersReachesSubscribersOnEveryNode() throws Exception {
        Node a = node("a");
        Node b = node("b");
        List<Node.Reader> readers = List.of(a.subscribe("orders"), b.subscribe("orders"));
        try (RawAmqp go = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE)) {
            go.publish("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"go-7\","
                    + "\"Event\":\"created\",\"Data\":\"\\u003cb\\u003e caf\u00e9\",\"Retry\":1500}}");
            go.publish("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                    + "\"Data\":\"no id\",\"Retry\":0}}");
        }
        for (Node.Reader reader : readers) {
            List<ServerSentEvent> events = reader.await(2);
            assertEquals("created", events.get(0).event());
            assertEquals("<b> caf\u00e9", events.get(0).data());
            assertEquals(java.time.Duration.ofMillis(1500), events.get(0).retry());
            assertNotNull(events.get(0).id(), "the hub names it in its own epoch");
            assertEquals("no id", events.get(1).data());
            assertFalse(events.stream().anyMatch(StreamMarkers::isMarker), "no sequence header, no gap marker");
        }
    }

    @Test
    void malformedMessagesAreSkippedCountedByCauseAndTheNextGoodOneIsDelivered() throws Exception {
        Node a = node("a");
        Node.Reader onA = a.subscribe("orders");
        try (RawAmqp go = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE)) {
            for (String bad : List.of("not json", "{\"topic\":\"orders\",\"event\":{\"Data\":42}}",
                    "{\"topic\":\"\",\"event\":{\"Data\":\"x\"}}", "{\"topic\":\"orders\"}",
                    "{\"topic\":\"orders\",\"event\":{\"Data\":\"" + "x".repeat(1 << 20) + "\"}}")) {
                go.publish(bad);
            }
            go.publish("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Data\":\"good\"}}");
        }
        assertEquals(List.of("good"), onA.awaitData("good").stream().map(ServerSentEvent::data).toList());
        RelayStatistics stats = a.backplane.statistics();
        assertEquals(Map.of(GoEnvelope.Cause.BAD_JSON, 1L, GoEnvelope.Cause.WRONG_TYPE, 1L,
                GoEnvelope.Cause.OVERSIZE, 1L, GoEnvelope.Cause.INVALID_TOPIC, 1L, GoEnvelope.Cause.INVALID_EVENT, 1L),
                stats.malformedByCause());
        assertTrue(stats.connected(), "bad input does not break the link");
    }

    @Test
    void brokerStoppedKeepsLocalDeliveryAndAfterTheRestartTheOtherNodeGetsAGapMarker() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("t");
        Node.Reader onB = b.subscribe("t");
        a.hub.broadcast("t", ServerSentEvent.of("before"));
        onB.awaitData("before");
        broker.stop();
        a.awaitConnected(false);
        b.awaitConnected(false);
        for (int i = 1; i <= 5; i++) {
            a.hub.broadcast("t", ServerSentEvent.of("alone-" + i));
        }
        assertEquals(6, onA.await(6).size(), "local delivery continues");
        broker.restart();
        a.awaitConnected(true);
        b.awaitConnected(true);
        a.hub.broadcast("t", ServerSentEvent.of("after"));
        List<ServerSentEvent> seenOnB = onB.awaitData("after");
        assertEquals("before", seenOnB.get(0).data());
        assertTrue(seenOnB.stream().anyMatch(e -> StreamMarkers.GAP.equals(e.event())),
                "a gap marker between 'before' and 'after': " + seenOnB);
        assertFalse(seenOnB.stream().anyMatch(e -> e.data().startsWith("alone-")), seenOnB.toString());
        assertEquals(List.of("before", "alone-1", "alone-2", "alone-3", "alone-4", "alone-5", "after"),
                onA.awaitData("after").stream().map(ServerSentEvent::data).toList(), "no marker on the publisher");
        RelayStatistics stats = a.backplane.statistics();
        assertTrue(stats.publishFailures() >= 5, stats.toString());
        assertTrue(stats.outages() >= 1 && stats.connects() >= 2, stats.toString());
    }

    @Test
    void clientThreadsComeFromTheContainersFactoryAndEndAtShutdown() {
        Node a = node("a");
        List<String> names = a.liveThreads();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("melody-amqp-") && n.endsWith("-publisher"))
                && names.stream().anyMatch(n -> n.startsWith("melody-amqp-") && n.endsWith("-listener")),
                names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("AMQP Connection")), "the client's reader: " + names);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("AMQP Connection 127.0.0.1:" + broker.port()) && thread.isAlive()) {
                assertTrue(a.context.made.contains(thread), thread.getName() + " was made by the factory");
            }
        }
        assertTrue(a.context.made.size() >= 4, "relay threads, reader and dispatch: " + a.context.made);
        a.close();
        Node.await(() -> a.liveThreads().isEmpty(), () -> "every thread to end: " + a.liveThreads());
    }

    @Test
    void shutdownWhileTheBrokerIsDownReturnsAndLeavesNoThread() throws Exception {
        Node a = node("a");
        broker.stop();
        a.awaitConnected(false);
        a.close();
        Node.await(() -> a.liveThreads().isEmpty(), () -> "every thread to end: " + a.liveThreads());
    }

    AmqpLink link(String name) throws Exception {
        return (AmqpLink) connector(name, Map.of()).open();
    }

    private AmqpConnector connector(String name, Map<String, String> more) {
        AmqpSettings settings = AmqpSettings.from(key -> AmqpSettings.URI.equals(key)
                ? java.util.Optional.of(broker.uri()) : java.util.Optional.ofNullable(more.get(key))).orElseThrow();
        TestContext context = new TestContext(dev.melody.stream.StreamOptions.defaults(), name);
        return new AmqpConnector(settings, context.threadFactory(), name);
    }

    @Test
    void aFullHandOffHoldsTheDispatchThreadForTheTimeoutThenDropsAndCounts() throws Exception {
        AmqpConnector connector = connector("slow", Map.of(AmqpSettings.TIMEOUT, "100ms"));
        int overflow = 3;
        int fits = AmqpLink.HANDOFF_CAPACITY + 1;   // one slot more, kept for the wake-up of a closing link
        try (AmqpLink link = (AmqpLink) connector.open();
             RawAmqp go = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE)) {
            for (int i = 1; i <= fits + overflow; i++) {
                go.publish("{\"topic\":\"t\",\"event\":{\"Data\":\"" + i + "\"}}");
            }
            Node.await(() -> connector.droppedDeliveries() == overflow,
                    () -> overflow + " deliveries dropped, not " + connector.droppedDeliveries());
            for (int i = 1; i <= fits; i++) {
                RelayMessage message = link.receive(Node.TIMEOUT);
                assertNotNull(message, "message " + i + " was kept");
                assertTrue(new String(message.body(), StandardCharsets.UTF_8).contains("\"" + i + "\""),
                        "in order: " + i);
            }
            assertEquals(null, link.receive(java.time.Duration.ofMillis(200)), "the overflow was dropped");
            assertEquals(overflow, connector.droppedDeliveries());
        }
    }

    private static RelayMessage message(String topic, String data, long sequence) {
        return new RelayMessage(GoEnvelope.bytes(GoEnvelope.write(GO_ORIGIN, topic, ServerSentEvent.of(data), null)),
                GO_ORIGIN, sequence);
    }

    @Test
    void aPublishOnAChannelTheBrokerClosedIsRetriedOnAFreshChannelOfTheSameConnection() throws Exception {
        try (AmqpLink link = link("retry"); RawAmqp admin = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE)) {
            admin.deleteExchange();
            link.send(message("t", "to nowhere", 1));   // the broker answers by closing the channel (404)
            Node.await(() -> !link.publishingOpen(), "the broker to close the publishing channel");
            try (RawAmqp tap = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE).tap()) {
                link.send(message("t", "retried", 2));
                RawAmqp.Delivery delivery = tap.next(Node.TIMEOUT);
                assertNotNull(delivery, "the retry on a fresh channel was published");
                assertTrue(delivery.text().contains("\"Data\":\"retried\""), delivery.text());
                assertEquals(2L, delivery.properties().getHeaders().get(RelayMessage.SEQUENCE_PROPERTY));
            }
            assertEquals(null, link.receive(java.time.Duration.ofMillis(10)), "the connection is still up");
        }
    }

    @Test
    void nettyIsNotNeeded() {
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.netty.channel.Channel"), "Netty is excluded, and these tests run without it");
    }
}
