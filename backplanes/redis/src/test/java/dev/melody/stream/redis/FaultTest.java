package dev.melody.stream.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.redis.testing.RedisProcess;
import dev.melody.stream.redis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults with a real Redis: lost messages, trimmed history, a killed subscription, an outage, close while down. */
class FaultTest {

    private static final String OTHER_ORIGIN = "00112233445566778899aabbccddeeff";

    private RedisProcess redis;
    private final List<Node> nodes = new ArrayList<>();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger backplaneLogger = Logger.getLogger(RedisBackplane.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        backplaneLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        backplaneLogger.removeHandler(capture);
        try {
            nodes.forEach(Node::close);
        } finally {
            redis.close();
        }
        assertEquals(Set.of(), redisThreads(""), "threads left after close");
    }

    private static Set<String> redisThreads(String suffix) {
        Set<String> names = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("melody-redis-") && name.endsWith(suffix)
                    || name.toLowerCase().contains("jedis") || name.contains("commons-pool"))) {
                names.add(name);
            }
        }
        return names;
    }

    private Node node(String name) {
        Node node = new Node(name, redis.uri());
        nodes.add(node);
        node.awaitState(RedisBackplane.State.CONNECTED);
        return node;
    }

    /** Runs the sequencer as another node would, publishing to {@code channel} (elsewhere: the message is lost). */
    private void sequenceAsAnotherNode(String topic, String data, String channel) throws Exception {
        List<byte[]> keys = SequencerScript.keys(RedisSettings.DEFAULT_CHANNEL, topic);
        List<byte[]> args = SequencerScript.arguments(new SequencerScript.Call(channel, OTHER_ORIGIN, topic,
                ServerSentEvent.of(data), "aaaaaaaaaaaa", 16_384, 0));
        List<byte[]> command = new ArrayList<>();
        command.add(bytes("EVAL"));
        command.add(bytes(SequencerScript.SOURCE));
        command.add(bytes("3"));
        command.addAll(keys);
        command.addAll(args);
        try (RespClient client = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            client.command(command.toArray(new byte[0][]));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sequenceHoleIsFilledFromTheStreamAndWhatItLostBecomesAGapMarker() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("h");
        Node.Reader onB = b.subscribe("h");
        b.hub.broadcast("h", ServerSentEvent.of("h1"));
        String epoch = onA.await(1).get(0).id().substring(0, 12);
        sequenceAsAnotherNode("h", "h2", "elsewhere");        // in the stream, never on the channel
        sequenceAsAnotherNode("h", "h3", RedisSettings.DEFAULT_CHANNEL);
        for (Node.Reader reader : List.of(onA, onB)) {
            try {
                reader.await(3);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " on " + (reader == onA ? "a" : "b") + ": " + reader.events
                        + "\na " + a.backplane.describe("h") + " " + a.backplane.statistics()
                        + "\nb " + b.backplane.describe("h") + " " + b.backplane.statistics(), e);
            }
            assertEquals(List.of("h1", "h2", "h3"), reader.data());
            assertEquals(List.of(epoch + "-1", epoch + "-2", epoch + "-3"), reader.ids());
        }
        sequenceAsAnotherNode("h", "h4", "elsewhere");
        try (RespClient client = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            client.command("XDEL", "melody:sse:{h}:log", "4-0");   // trimmed before anyone read it
        }
        sequenceAsAnotherNode("h", "h5", RedisSettings.DEFAULT_CHANNEL);
        for (Node.Reader reader : List.of(onA, onB)) {
            List<ServerSentEvent> events = reader.await(5);
            assertEquals(StreamMarkers.gap(epoch + "-4", 1), events.get(3));
            assertEquals(new ServerSentEvent(epoch + "-5", null, "h5", null), events.get(4));
        }
        for (Node node : List.of(a, b)) {
            RedisStatistics stats = node.backplane.statistics();
            assertTrue(stats.holesFilled() >= 2, stats.toString());
            assertEquals(1, stats.gapsMarked(), stats.toString());
        }
    }

    @Test
    void killedSubscriptionReconnectsAndFillsWhatItMissed() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("k");
        Node.Reader onB = b.subscribe("k");
        b.hub.broadcast("k", ServerSentEvent.of("k1"));
        onA.await(1);
        try (RespClient client = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            String list = RespClient.text(client.command("CLIENT", "LIST"));
            String id = null;
            for (String line : list.split("\n")) {
                if (line.contains(" name=melody-listener-a ")) {
                    id = line.substring(3, line.indexOf(' '));
                }
            }
            assertEquals(1L, client.command("CLIENT", "KILL", "ID", id));
        }
        a.awaitState(RedisBackplane.State.DEGRADED);
        for (int i = 2; i <= 6; i++) {
            b.hub.broadcast("k", ServerSentEvent.of("k" + i));
        }
        onB.await(6);
        a.awaitState(RedisBackplane.State.CONNECTED);
        onA.await(6);
        assertEquals(List.of("k1", "k2", "k3", "k4", "k5", "k6"), onA.data());
        assertEquals(onB.ids(), onA.ids());
        assertTrue(a.backplane.statistics().holesFilled() >= 1);
    }

    @Test
    void outageKeepsLocalDeliveryWarnsOnceAndOtherNodesGetAGapMarker() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node.Reader onA = a.subscribe("t");
        Node.Reader onB = b.subscribe("t");
        a.hub.broadcast("t", ServerSentEvent.of("before"));
        onB.await(1);
        redis.stop();
        a.awaitState(RedisBackplane.State.DEGRADED);
        b.awaitState(RedisBackplane.State.DEGRADED);
        for (int i = 1; i <= 10; i++) {
            a.hub.broadcast("t", ServerSentEvent.of("alone-" + i));
        }
        assertEquals(11, onA.await(11).size(), "local delivery continues");
        redis.restart();
        a.awaitState(RedisBackplane.State.CONNECTED);
        b.awaitState(RedisBackplane.State.CONNECTED);
        a.hub.broadcast("t", ServerSentEvent.of("after"));
        List<ServerSentEvent> seenOnB = onB.await(3);
        assertEquals(3, seenOnB.size());
        assertEquals("before", seenOnB.get(0).data());
        assertTrue(seenOnB.stream().anyMatch(e -> e.data().equals("after")), seenOnB.toString());
        ServerSentEvent gap = seenOnB.stream().filter(StreamMarkers::isMarker).findFirst().orElseThrow();
        assertEquals(StreamMarkers.GAP, gap.event());
        assertEquals("{\"missed\":10}", gap.data());
        assertTrue(ClusterId.parse(gap.id()) != null, gap.id());
        onA.awaitData("after");
        assertFalse(onA.events.stream().anyMatch(StreamMarkers::isMarker), "a node skips its own notice");
        RedisStatistics stats = a.backplane.statistics();
        assertEquals(10, stats.publishFailures());
        assertEquals(1, stats.gapNotices());
        assertEquals(10, a.hub.statistics().backplaneFailures());
        assertEquals(1, count(Level.WARNING, "Redis backplane of a lost"));
        assertEquals(1, count(Level.INFO, "Redis backplane of a reconnected"));
    }

    private static long missedIn(List<ServerSentEvent> events) {
        return events.stream().filter(e -> StreamMarkers.GAP.equals(e.event()))
                .mapToLong(e -> Long.parseLong(e.data().replaceAll("\\D", ""))).sum();
    }

    private long count(Level level, String prefix) {
        return records.stream().filter(r -> r.getLevel().equals(level) && r.getMessage().startsWith(prefix)).count();
    }

    @Test
    void slowRedisDelaysNoBroadcasterAndAFullQueueIsDeliveredLocallyAndMarkedElsewhere() throws Exception {
        StreamOptions small = StreamOptions.builder().setting(RedisSettings.URI, redis.uri())
                .setting(RedisSettings.QUEUE, "1").build();
        Node a = new Node("a", small);
        nodes.add(a);
        a.awaitState(RedisBackplane.State.CONNECTED);
        Node b = node("b");
        Node.Reader onA = a.subscribe("q");
        Node.Reader onB = b.subscribe("q");
        try (RespClient client = RespClient.connect(redis.port(), Node.TIMEOUT)) {
            client.command("CLIENT", "PAUSE", "1500");   // below the command timeout: slow, not gone
        }
        for (int i = 1; i <= 50; i++) {
            a.hub.broadcast("q", ServerSentEvent.of("q" + i));
        }
        assertEquals(50, onA.await(50).size(), "every broadcast is delivered on its node");
        RedisStatistics stats = a.backplane.statistics();
        assertTrue(stats.queueFull() >= 40, stats.toString());
        long alone = stats.publishFailures();
        List<ServerSentEvent> seenOnB = onB.events;
        Node.await(() -> {
            onB.await(0);
            return missedIn(seenOnB) == alone && seenOnB.stream().filter(e -> !StreamMarkers.isMarker(e)).count()
                    == 50 - alone;
        }, "the sequenced broadcasts and notices for the " + alone + " others on b: " + seenOnB);
        assertTrue(seenOnB.stream().allMatch(e -> ClusterId.parse(e.id()) != null), seenOnB.toString());
        assertEquals(RedisBackplane.State.CONNECTED, a.backplane.statistics().state());
    }

    @Test
    void closeDuringAReconnectWaitReturnsAndLeavesNoThread() throws Exception {
        Node a = node("a");
        redis.kill();
        a.awaitState(RedisBackplane.State.DEGRADED);
        assertFalse(redisThreads("-a").isEmpty());
        a.close();
        assertEquals(Set.of(), redisThreads("-a"));
        assertEquals(RedisBackplane.State.CLOSED, a.backplane.statistics().state());
    }

    @Test
    void withoutRedisAtStartBroadcastsAreDeliveredLocallyAndCloseIsClean() throws Exception {
        redis.kill();
        StreamOptions options = StreamOptions.builder().setting(RedisSettings.URI, redis.uri())
                .setting(RedisSettings.TIMEOUT, "200ms").build();
        Node lonely = new Node("lonely", options);
        nodes.add(lonely);
        Node.Reader reader = lonely.subscribe("t");
        lonely.hub.broadcast("t", ServerSentEvent.of("local"));
        ServerSentEvent event = reader.await(1).get(0);
        assertEquals("local", event.data());
        assertTrue(event.id() != null);
        assertEquals(RedisBackplane.State.DEGRADED, lonely.backplane.statistics().state());
        assertEquals(1, count(Level.WARNING, "Redis backplane of lonely lost"));
        lonely.close();
        assertEquals(Set.of(), redisThreads("-lonely"));
    }
}
