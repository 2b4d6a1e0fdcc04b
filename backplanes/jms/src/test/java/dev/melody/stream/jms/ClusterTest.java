package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.spi.cluster.RelayMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import dev.melody.stream.StreamOptions;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real hubs on one embedded Artemis broker: what crosses nodes, in which order, and what the broker carries. */
class ClusterTest {

    private ArtemisBroker broker;
    private ActiveMQConnectionFactory factory;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = ArtemisBroker.start();
        factory = broker.connectionFactory();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        factory.close();
        broker.close();
    }

    private Node node(String name) {
        return started(new Node(name, factory));
    }

    private Node started(Node node) {
        open.add(node);
        node.awaitConnected(true);
        return node;
    }

    @Test
    void aBroadcastReachesTheOtherNodesOnceAndItsOwnNodeOnce() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        Node.Reader onA = a.subscribe("orders");
        Node.Reader onB = b.subscribe("orders");
        Node.Reader onC = c.subscribe("orders");
        a.hub.broadcast("orders", ServerSentEvent.of("first"));
        b.hub.broadcast("orders", ServerSentEvent.of("second"));
        c.hub.broadcast("orders", ServerSentEvent.of("last"));
        for (Node.Reader reader : List.of(onA, onB, onC)) {
            reader.awaitData("last");
            reader.await(3);
        }
        // Each node publishes one more event: when it has arrived everywhere, nothing earlier can still be coming.
        a.hub.broadcast("orders", ServerSentEvent.of("fence"));
        for (Node.Reader reader : List.of(onA, onB, onC)) {
            reader.awaitData("fence");
            assertEquals(4, reader.events.size(), reader.data().toString());
            assertEquals(List.of("fence", "first", "last", "second"), reader.data().stream().sorted().toList());
        }
    }

    @Test
    void ownMessagesAreLeftOnTheBrokerByTheSelector() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onB = b.subscribe("t");
        a.hub.broadcast("t", ServerSentEvent.of("x"));
        onB.awaitData("x");
        assertEquals(0, a.backplane.statistics().received());
        assertEquals(0, a.backplane.statistics().ownSkipped());
        assertEquals(1, b.backplane.statistics().received());
    }

    @Test
    void eachPublishersOrderHoldsOnEveryOtherNode() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onB = b.subscribe("burst");
        IntStream.range(0, 1000).forEach(i -> a.hub.broadcast("burst", ServerSentEvent.of("e" + i)));
        List<ServerSentEvent> got = onB.await(1000);
        assertEquals(IntStream.range(0, 1000).mapToObj(i -> "e" + i).toList(), onB.data());
        assertFalse(got.stream().anyMatch(StreamMarkers::isMarker));
    }

    @Test
    void theMessageIsANonPersistentTextMessageHoldingGosEnvelopeWithOriginAndSequence() throws Exception {
        Node a = node("a");
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSConsumer tap = context.createConsumer(context.createTopic(JmsSettings.DEFAULT_TOPIC));
            ServerSentEvent event = new ServerSentEvent("ignored-id", "price", "<1 & 2>", Duration.ofSeconds(3));
            a.hub.broadcast("quotes", event);
            a.hub.broadcast("quotes", ServerSentEvent.of("second"));
            Message first = tap.receive(Node.TIMEOUT.toMillis());
            assertNotNull(first, "no message on the topic");
            String body = assertInstanceOf(TextMessage.class, first).getText();
            GoEnvelope.Parsed parsed = GoEnvelope.read(body.getBytes(StandardCharsets.UTF_8), 1 << 20);
            assertEquals(GoEnvelope.write(a.backplane.origin(), "quotes", parsed.event(), null), body);
            assertEquals("price", parsed.event().event());
            assertEquals("<1 & 2>", parsed.event().data());
            assertTrue(body.contains("\"Data\":\"\\u003c1 \\u0026 2\\u003e\",\"Retry\":3000}"), body);
            assertEquals(a.backplane.origin(), first.getStringProperty(RelayMessage.ORIGIN_PROPERTY));
            assertEquals(1L, first.getLongProperty(RelayMessage.SEQUENCE_PROPERTY));
            assertEquals(DeliveryMode.NON_PERSISTENT, first.getJMSDeliveryMode());
            assertTrue(first.getJMSExpiration() > 0, "a time to live is set");
            Message second = tap.receive(Node.TIMEOUT.toMillis());
            assertNotNull(second, "no second message on the topic");
            assertEquals(2L, second.getLongProperty(RelayMessage.SEQUENCE_PROPERTY));
        }
    }

    @Test
    void theTimeToLiveIsTheConfiguredOneAndZeroMeansNoExpiry() throws Exception {
        Node fiveMinutes = started(new Node("ttl", factory, StreamOptions.builder()
                .setting(JmsSettings.TIME_TO_LIVE, "5m").build()));
        Node forever = started(new Node("forever", factory, StreamOptions.builder()
                .setting(JmsSettings.TIME_TO_LIVE, "0").build()));
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSConsumer tap = context.createConsumer(context.createTopic(JmsSettings.DEFAULT_TOPIC));
            fiveMinutes.hub.broadcast("t", ServerSentEvent.of("x"));
            Message expiring = tap.receive(Node.TIMEOUT.toMillis());
            assertNotNull(expiring, "no message on the topic");
            assertEquals(Duration.ofMinutes(5).toMillis(), expiring.getJMSExpiration() - expiring.getJMSTimestamp());
            forever.hub.broadcast("t", ServerSentEvent.of("y"));
            Message lasting = tap.receive(Node.TIMEOUT.toMillis());
            assertNotNull(lasting, "no second message on the topic");
            assertEquals(0, lasting.getJMSExpiration());
        }
    }

    @Test
    void aTopicObjectFromJndiIsUsedInsteadOfTheName() {
        JmsResources custom = new JmsResources(factory, "jndi", new ActiveMQTopic("melody.custom"));
        Node a = started(new Node("a", custom, StreamOptions.defaults()));
        Node b = started(new Node("b", custom, StreamOptions.defaults()));
        Node byName = node("by-name");
        Node.Reader onB = b.subscribe("t");
        Node.Reader onDefaultTopic = byName.subscribe("t");
        a.hub.broadcast("t", ServerSentEvent.of("on the custom topic"));
        onB.awaitData("on the custom topic");
        byName.hub.broadcast("t", ServerSentEvent.of("on melody.sse"));
        onDefaultTopic.awaitData("on melody.sse");
        onDefaultTopic.drain();
        assertEquals(List.of("on melody.sse"), onDefaultTopic.data(), "nothing of the custom topic reaches melody.sse");
        assertEquals(0, b.backplane.statistics().received() - 1, "b received only a's message");
    }

    @Test
    void aGoEnvelopeWithoutPropertiesIsDeliveredOnEveryNode() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("go");
        Node.Reader onB = b.subscribe("go");
        String envelope = "{\"origin\":\"0123456789abcdef0123456789abcdef\",\"topic\":\"go\",\"event\":{\"Id\":\"g1\","
                + "\"Event\":\"tick\",\"Data\":\"from go\",\"Retry\":1500}}";
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.createProducer().send(context.createTopic(JmsSettings.DEFAULT_TOPIC), envelope);
        }
        for (Node.Reader reader : List.of(onA, onB)) {
            ServerSentEvent got = reader.awaitData("from go").get(0);
            assertEquals("tick", got.event());
            assertEquals(Duration.ofMillis(1500), got.retry());
        }
    }

    @Test
    void aClientResumingOnAnotherNodeIsToldToResynchronise() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("r");
        Node.Reader onB = b.subscribe("r");
        a.hub.broadcast("r", ServerSentEvent.of("one"));
        a.hub.broadcast("r", ServerSentEvent.of("two"));
        String lastOnA = onA.await(2).get(0).id();
        onB.await(2);
        Node.Reader resumedOnB = b.subscribe("r", lastOnA);
        assertTrue(resumedOnB.subscription.resyncRequired(), "an id of another node must not be replayed");
        Node.Reader resumedOnA = a.subscribe("r", lastOnA);
        assertFalse(resumedOnA.subscription.resyncRequired());
        assertEquals(List.of("two"), resumedOnA.await(1).stream().map(ServerSentEvent::data).toList());
    }
}
