package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.redis.testing.RedisProcess;
import dev.melody.stream.redis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three hubs sharing one real Redis: order, ids, exactly once, history, Go interop and bad input. */
class ClusterTest {

    private static final String GO_ORIGIN = "ffeeddccbbaa99887766554433221100";

    private RedisProcess redis;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopAll() {
        try {
            nodes.forEach(Node::close);
        } finally {
            redis.close();
        }
        Set<String> left = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("melody-redis-")) {
                left.add(thread.getName());
            }
        }
        assertEquals(Set.of(), left, "threads left after close");
    }

    private Node node(String name) {
        Node node = new Node(name, redis.uri());
        nodes.add(node);
        node.awaitState(RedisBackplane.State.CONNECTED);
        return node;
    }

    @Test
    void concurrentBroadcastersGiveEveryNodeTheSameIdsInTheSameOrder() throws Exception {
        List<Node> three = List.of(node("a"), node("b"), node("c"));
        List<String> topics = List.of("t0", "t1", "t2");
        List<List<Node.Reader>> readers = new ArrayList<>();
        for (Node node : three) {
            List<Node.Reader> perTopic = new ArrayList<>();
            for (String topic : topics) {
                perTopic.add(node.subscribe(topic));
            }
            readers.add(perTopic);
        }
        int threads = 4;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> broadcasters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            broadcasters.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        three.get((thread + i) % 3).hub.broadcast(topics.get(i % 3), ServerSentEvent.of(thread + ":" + i));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        broadcasters.forEach(Thread::start);
        go.countDown();
        for (Thread thread : broadcasters) {
            thread.join(Node.TIMEOUT.toMillis());
        }
        assertNull(failure.get());
        for (int topic = 0; topic < 3; topic++) {
            int expected = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    expected += i % 3 == topic ? 1 : 0;
                }
            }
            List<String> reference = null;
            for (List<Node.Reader> perTopic : readers) {
                Node.Reader reader = perTopic.get(topic);
                List<ServerSentEvent> events;
                try {
                    events = reader.await(expected);
                } catch (AssertionError e) {
                    StringBuilder state = new StringBuilder(e.getMessage());
                    for (Node node : three) {
                        state.append("\n").append(node.name).append(' ').append(node.backplane.describe(topics.get(topic)))
                                .append(' ').append(node.backplane.statistics()).append(' ').append(node.hub.statistics());
                    }
                    throw new AssertionError(state.toString(), e);
                }
                assertEquals(expected, events.size());
                String epoch = events.get(0).id().substring(0, 12);
                for (int n = 0; n < expected; n++) {
                    assertEquals(epoch + "-" + (n + 1), events.get(n).id(), "contiguous sequence on " + topics.get(topic));
                }
                assertEquals(expected, new HashSet<>(reader.data()).size(), "no duplicate");
                if (reference == null) {
                    reference = reader.ids();
                } else {
                    assertEquals(reference, reader.ids());
                }
            }
            List<String> dataOrder = readers.get(0).get(topic).data();
            for (List<Node.Reader> perTopic : readers) {
                assertEquals(dataOrder, perTopic.get(topic).data(), "same events in the same order");
            }
        }
        for (Node node : three) {
            assertEquals(0, node.backplane.statistics().publishFailures());
            assertEquals(0, node.hub.statistics().backplaneFailures());
        }
    }

    @Test
    void oneBroadcastReachesEverySubscriberOnEveryNodeExactlyOnce() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("news");
        Node.Reader onB = b.subscribe("news");
        a.hub.broadcast("news", ServerSentEvent.of("hello"));
        onA.awaitData("hello");
        onB.awaitData("hello");
        b.hub.broadcast("news", ServerSentEvent.of("fence"));   // after it, a duplicate or an echo would be seen
        assertEquals(List.of("hello", "fence"), onA.awaitData("fence").stream().map(ServerSentEvent::data).toList());
        assertEquals(List.of("hello", "fence"), onB.awaitData("fence").stream().map(ServerSentEvent::data).toList());
        assertEquals(onA.ids(), onB.ids());
        assertEquals(0, a.backplane.statistics().duplicates() + b.backplane.statistics().duplicates());
    }

    @Test
    void goEnvelopeFromARawPublishReachesEveryNode() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        List<Node.Reader> readers = List.of(a.subscribe("orders"), b.subscribe("orders"), c.subscribe("orders"));
        try (RespClient go = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            go.publish("melody:sse", ("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"go-7\","
                    + "\"Event\":\"created\",\"Data\":\"\\u003cb\\u003e caf\u00e9\",\"Retry\":0}}")
                    .getBytes(StandardCharsets.UTF_8));
            go.publish("melody:sse", ("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\","
                    + "\"Event\":\"\",\"Data\":\"no id\",\"Retry\":0}}").getBytes(StandardCharsets.UTF_8));
        }
        for (Node.Reader reader : readers) {
            List<ServerSentEvent> events = reader.await(2);
            assertEquals(new ServerSentEvent("go-7", "created", "<b> caf\u00e9", null), events.get(0));
            assertEquals("no id", events.get(1).data());
            assertNotNull(events.get(1).id(), "the hub gives a node-local id to an event without one");
        }
        assertEquals(2, a.backplane.statistics().unsequenced());
    }

    @Test
    void javaBroadcastReadRawOffTheChannelIsAGoEnvelopeByteForByte() throws Exception {
        Node a = node("a");
        Node.Reader onA = a.subscribe("orders");
        String data = "<p class=\"x\">Tom & \"Jerry\"</p>\n\tcaf\u00e9 \ud83d\ude00 \u2028 \u0001";
        try (RespClient go = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            go.subscribe("melody:sse");
            a.hub.broadcast("orders", ServerSentEvent.of("created", data));
            byte[] raw = go.nextMessage(Node.TIMEOUT);
            assertNotNull(raw);
            String id = onA.await(1).get(0).id();
            String expected = "{\"origin\":\"" + a.backplane.origin() + "\",\"topic\":\"orders\",\"event\":{\"Id\":\""
                    + id + "\",\"Event\":\"created\",\"Data\":\"\\u003cp class=\\\"x\\\"\\u003eTom \\u0026 "
                    + "\\\"Jerry\\\"\\u003c/p\\u003e\\n\\tcaf\u00e9 \ud83d\ude00 \\u2028 \\u0001\",\"Retry\":0}}";
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), raw, new String(raw, StandardCharsets.UTF_8));
            assertTrue(a.backplane.origin().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void malformedEnvelopesAreSkippedAndCountedAndTheListenerCarriesOn() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("orders");
        Node.Reader onB = b.subscribe("orders");
        try (RespClient go = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            for (String bad : List.of("not json", "{\"topic\":\"orders\",\"event\":{\"Data\":42}}",
                    "{\"topic\":\"\",\"event\":{\"Data\":\"x\"}}", "{\"topic\":\"orders\"}",
                    "{\"topic\":\"orders\",\"event\":{\"Data\":\"" + "x".repeat(1 << 20) + "\"}}")) {
                go.publish("melody:sse", bad.getBytes(StandardCharsets.UTF_8));
            }
            go.publish("melody:sse", ("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"orders\",\"event\":{\"Id\":\"\","
                    + "\"Event\":\"\",\"Data\":\"good\",\"Retry\":0}}").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("good"), onA.awaitData("good").stream().map(ServerSentEvent::data).toList());
        assertEquals(List.of("good"), onB.awaitData("good").stream().map(ServerSentEvent::data).toList());
        for (Node node : List.of(a, b)) {
            RedisStatistics stats = node.backplane.statistics();
            assertEquals(Map.of("bad_json", 1L, "wrong_type", 1L, "oversize", 1L, "invalid_topic", 1L,
                    "invalid_event", 1L), stats.malformed());
            assertEquals(RedisBackplane.State.CONNECTED, stats.state());
        }
    }

    @Test
    void freshNodeReplaysTheClusterHistoryToAClientResumingWithAnIdItNeverSaw() {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onB = b.subscribe("orders");
        for (int i = 1; i <= 10; i++) {
            a.hub.broadcast("orders", ServerSentEvent.of("e" + i));
        }
        List<ServerSentEvent> seen = onB.await(10);
        Node c = node("c");
        Node.Reader resumed = c.subscribe("orders", seen.get(2).id());
        assertFalse(resumed.subscription.resyncRequired());
        assertEquals(seen.subList(3, 10), resumed.await(7));
        Node.Reader upToDate = c.subscribe("orders", seen.get(9).id());
        a.hub.broadcast("orders", ServerSentEvent.of("e11"));
        List<ServerSentEvent> live = upToDate.await(1);
        assertEquals(List.of("e11"), live.stream().map(ServerSentEvent::data).toList());
        assertEquals(seen.get(0).id().substring(0, 13) + "11", live.get(0).id());
        assertNull(c.backplane.history("orders", "0123456789ab-3"), "another epoch is not covered");
    }

    @Test
    void redisRestartedEmptyMeansANewEpochAndAnOldIdGetsTheResyncMarker() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onB = b.subscribe("orders");
        a.hub.broadcast("orders", ServerSentEvent.of("before"));
        String oldId = onB.await(1).get(0).id();
        redis.restart();
        Node.await(() -> a.backplane.statistics().state() == RedisBackplane.State.DEGRADED
                && b.backplane.statistics().state() == RedisBackplane.State.DEGRADED, "both to notice");
        Node.await(() -> a.backplane.statistics().state() == RedisBackplane.State.CONNECTED
                && b.backplane.statistics().state() == RedisBackplane.State.CONNECTED, "both reconnected");
        a.hub.broadcast("orders", ServerSentEvent.of("after"));
        List<ServerSentEvent> events = onB.awaitData("after");
        String newId = events.get(events.size() - 1).id();
        assertFalse(newId.startsWith(oldId.substring(0, 12)), "new epoch: " + oldId + " then " + newId);
        assertTrue(newId.endsWith("-1"), newId);
        Node c = node("c");
        Node.Reader resumed = c.subscribe("orders", oldId);
        assertTrue(resumed.subscription.resyncRequired()
                || StreamMarkers.RESYNC.equals(resumed.await(1).get(0).event()));
        assertNull(c.backplane.history("orders", oldId));
    }
}
