package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.app.WebSocketProbeServlet;
import dev.melody.stream.tck.app.WebSocketRecorder;
import dev.melody.stream.tck.app.WebSocketStreamOptions;
import dev.melody.stream.tck.app.WebSocketTopicAuthorizer;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WebSocket transport on a real server, with no code of the application's but an observer, an authorizer and
 * an options producer: the endpoint is at {@code /ws/{topic}} by the library alone. Each test uses its own topic.
 */
@ExtendWith(ArquillianExtension.class)
class WebSocketTransportIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("websocket", WebSocketProbeServlet.class, WebSocketRecorder.class,
                WebSocketStreamOptions.class, WebSocketTopicAuthorizer.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void broadcastFiredAsCdiEventReachesTheClient() throws Exception {
        WebSocketClient client = connect("/ws/cdi", true);
        awaitSubscribers("cdi", 1);
        broadcast("cdi", "hello-", 1, 0);
        assertEquals("hello-0", client.next());
        client.close();
        awaitSubscribers("cdi", 0);
    }

    /**
     * The library pings every {@code idleTimeout}; a client that answers stays open across several pings and still
     * gets broadcasts (Open Liberty refuses to send a read-only ping payload, which once closed every connection
     * there at its first ping).
     */
    @Test
    void clientThatAnswersPingsStaysOpenAcrossSeveral() throws Exception {
        WebSocketClient client = connect("/ws/idle", true);
        awaitSubscribers("idle", 1);
        Thread.sleep(WebSocketStreamOptions.IDLE_TIMEOUT.toMillis() * 5 / 2);   // two pings, each checked once
        broadcast("idle", "after-pings-", 1, 0);
        assertEquals("after-pings-0", client.next());
        assertEquals("", closeCauses("idle"), "no connection of the topic was closed");
        client.close();
        awaitSubscribers("idle", 0);
    }

    @Test
    void foreignOriginIsRefusedWith403() throws Exception {
        assertEquals("HTTP 403", WebSocketClient.refusal(uri("/ws/origin"), Map.of("Origin", "http://evil.test")));
        awaitSubscribers("origin", 0);
    }

    @Test
    void refusedTopicsGetAStatusBeforeTheUpgrade() throws Exception {
        assertEquals("HTTP 403", WebSocketClient.refusal(uri("/ws/" + WebSocketTopicAuthorizer.DENIED), Map.of()));
        assertEquals("HTTP 400", WebSocketClient.refusal(uri("/ws/" + "x".repeat(257)), Map.of()));
        awaitSubscribers(WebSocketTopicAuthorizer.DENIED, 0);
    }

    @Test
    void messageOverTheReadLimitIsClosedWith1009() throws Exception {
        WebSocketClient client = connect("/ws/big", true);
        awaitSubscribers("big", 1);
        client.send("y".repeat(WebSocketStreamOptions.READ_LIMIT + 1));
        assertCloseCode(1009, client.awaitClose());
        awaitSubscribers("big", 0);
    }

    @Test
    void inboundFramesAreObservedInOrderAndSendAnswersTheSenderOnly() throws Exception {
        WebSocketClient sender = connect("/ws/inbound", true);
        WebSocketClient other = connect("/ws/inbound", true);
        awaitSubscribers("inbound", 2);
        List<String> frames = IntStream.range(0, 200).mapToObj(i -> "frame-" + i).collect(Collectors.toList());
        for (String frame : frames) {
            sender.send(frame);
        }
        sender.send(WebSocketRecorder.ECHO + "done");
        assertEquals("echo done", sender.next());
        List<String> expected = new ArrayList<>(frames);
        expected.add(WebSocketRecorder.ECHO + "done");
        assertEquals(String.join(",", expected), probe().get("../wsprobe/inbound?topic=inbound").get("inbound"));
        broadcast("inbound", "after-", 1, 0);
        assertEquals("after-0", other.next());            // the echo went to the sender only
        sender.close();
        other.close();
        awaitSubscribers("inbound", 0);
    }

    @Test
    void observerThatThrowsClosesOnlyItsConnectionWith1011() throws Exception {
        WebSocketClient failing = connect("/ws/throw", true);
        WebSocketClient bystander = connect("/ws/throw", true);
        awaitSubscribers("throw", 2);
        failing.send(WebSocketRecorder.THROW);
        assertCloseCode(1011, failing.awaitClose());
        awaitSubscribers("throw", 1);
        broadcast("throw", "still-", 1, 0);
        assertEquals("still-0", bystander.next());
        bystander.close();
        awaitSubscribers("throw", 0);
    }

    /**
     * A client that stops reading: the others get every message, and the server closes it within
     * {@code writeTimeout} once its socket is full or, where the container reports sends to it as done and keeps
     * them itself (Payara), once a megabyte went unacknowledged by a pong.
     */
    @Test
    void clientThatStopsReadingDoesNotSlowTheOthers() throws Exception {
        WebSocketClient stalled = connect("/ws/slow", false);
        List<WebSocketClient> readers = List.of(connect("/ws/slow", true), connect("/ws/slow", true));
        awaitSubscribers("slow", 3);
        for (int batch = 0; batch < 100; batch++) {        // 10,000 x 1 KB: far past any socket buffer
            broadcast("slow", "b" + batch + "-", 100, 1024);
            for (WebSocketClient reader : readers) {
                for (int i = 0; i < 100; i++) {
                    assertEquals("b" + batch + "-" + i, reader.next().replaceAll("x+$", ""));
                }
            }
        }
        awaitSubscribers("slow", 2);     // the server let go of the stalled client by itself, on every server
        assertTrue(closeCauses("slow").contains("WRITE_TIMEOUT"),
                "closed for its writeTimeout: no send completed, or no pong to the writer's ping came back");
        stalled.abort();
        for (WebSocketClient reader : readers) {
            reader.close();
        }
        awaitSubscribers("slow", 0);
    }

    private static void assertCloseCode(int code, String outcome) {
        assertTrue(outcome.startsWith("close " + code + " "), () -> "expected close " + code + ", got " + outcome);
    }

    private WebSocketClient connect(String path, boolean reading) throws Exception {
        return WebSocketClient.connect(uri(path), reading);
    }

    private java.net.URI uri(String path) {
        return WebSocketClient.uri(deploymentUrl, path);
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }

    private void broadcast(String topic, String prefix, int count, int size) {
        probe().post("../wsprobe/broadcast", Map.of("topic", topic, "prefix", prefix,
                "count", Integer.toString(count), "size", Integer.toString(size)));
    }

    private String closeCauses(String topic) {
        return probe().get("../wsprobe/inbound?topic=" + topic).get("closeCauses");
    }

    private void awaitSubscribers(String topic, int count) {
        assertEquals(Integer.toString(count),
                probe().get("../wsprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic + "; close causes: " + probe().get("../wsprobe/inbound?topic="
                        + topic).get("closeCauses"));
    }
}
