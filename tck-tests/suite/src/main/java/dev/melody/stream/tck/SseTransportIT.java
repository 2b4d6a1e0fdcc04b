package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.SseStreamOptions;
import java.net.Socket;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SSE transport on a real server, in a WAR with no JAX-RS {@code Application} of its own: the stream is at
 * {@code /melody/events/{topic}} by the library's jar alone. Each test uses its own topic.
 */
@ExtendWith(ArquillianExtension.class)
class SseTransportIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("sse", SseProbeServlet.class, SseStreamOptions.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void oneBroadcastReachesAnSseAndAWebSocketClient() throws Exception {
        SseStreamClient sse = open("both");
        WebSocketClient webSocket = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/both"), true);
        awaitSubscribers("both", 2);
        broadcast("both", "task.created", "{\"id\":1}");
        Event event = sse.next();
        assertEquals(new Event("task.created", "{\"id\":1}", EventId.parse(event.lastEventId()).epoch() + "-1"), event);
        assertEquals("{\"id\":1}", webSocket.next());
        sse.close();
        webSocket.close();
    }

    @Test
    void streamHeadersAndWireFormatAreTheSameOnEveryServer() throws Exception {
        SseStreamClient client = open("wire");
        assertEquals(200, client.status());
        assertTrue(client.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                () -> "Content-Type " + client.headers().firstValue("Content-Type"));
        assertEquals("no-cache", client.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no", client.headers().firstValue("X-Accel-Buffering").orElse(null));
        String[] data = {"a\r\nb\rc\nd", "", " lead\n\nblank\n", "x\n\nid: 99\nevent: evil"};
        for (String each : data) {
            broadcast("wire", null, each);
        }
        for (String each : data) {
            assertEquals(each.replace("\r\n", "\n").replace('\r', '\n'), client.next().data());
        }
        assertTrue(client.raw().contains("data: a\ndata: b\ndata: c\n"), client::raw);   // RESTEasy puts id: before d
        assertTrue(client.raw().contains("data:  lead\ndata: \ndata: blank\n"), client::raw);
        client.close();
    }

    @Test
    void reconnectWithLastEventIdLosesNothing() throws Exception {
        SseStreamClient first = open("resume");
        awaitSubscribers("resume", 1);
        for (int i = 1; i <= 10; i++) {
            broadcast("resume", null, "e" + i);
        }
        List<Event> seen = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            seen.add(first.next());
        }
        first.close();
        for (int i = 11; i <= 15; i++) {
            broadcast("resume", null, "e" + i);
        }
        String lastId = seen.get(seen.size() - 1).lastEventId();
        String epoch = EventId.parse(lastId).epoch();
        SseStreamClient byHeader = SseStreamClient.connect(uri("/melody/events/resume"),
                Map.of("Last-Event-ID", lastId)).awaitOpen();
        SseStreamClient byQuery = SseStreamClient.connect(uri("/melody/events/resume?lastEventId=" + lastId),
                Map.of()).awaitOpen();
        for (int i = 6; i <= 15; i++) {
            assertEquals(new Event("message", "e" + i, epoch + "-" + i), byHeader.next());
            assertEquals(new Event("message", "e" + i, epoch + "-" + i), byQuery.next());
        }
        byHeader.close();
        byQuery.close();
    }

    @Test
    void closedClientsAreUnsubscribed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sockets.add(SseStreamClient.stalled(uri("/melody/events/gone")));
        }
        awaitSubscribers("gone", 3);
        for (Socket socket : sockets) {
            socket.close();
        }
        awaitSubscribers("gone", 0);
    }

    @Test
    void refusalsGetAStatusAndAShortText() throws Exception {
        SseStreamClient foreign = SseStreamClient.connect(uri("/melody/events/origin"),
                Map.of("Origin", "http://evil.test"));
        assertEquals(403, foreign.status());
        assertEquals("origin not allowed", foreign.body());
        SseStreamClient invalid = SseStreamClient.connect(uri("/melody/events/" + "x".repeat(257)), Map.of());
        assertEquals(400, invalid.status());
        assertEquals("topic invalid", invalid.body());
        awaitSubscribers("origin", 0);
    }

    @Test
    void clientThatStopsReadingDoesNotSlowTheOthers() throws Exception {
        Socket stalled = SseStreamClient.stalled(uri("/melody/events/slow"));
        List<SseStreamClient> readers = List.of(open("slow"), open("slow"));
        awaitSubscribers("slow", 3);
        for (int batch = 0; batch < 100; batch++) {            // 10,000 x 1 KB: far past any socket buffer
            probe().post("../sseprobe/batch", Map.of("topic", "slow", "prefix", "b" + batch + "-",
                    "count", "100", "size", "1024"));
            for (SseStreamClient reader : readers) {
                for (int i = 0; i < 100; i++) {
                    assertEquals("b" + batch + "-" + i, reader.next().data().replaceAll("x+$", ""));
                }
            }
        }
        stalled.close();
        readers.forEach(SseStreamClient::close);
        awaitSubscribers("slow", 0);
    }

    private SseStreamClient open(String topic) throws Exception {
        return SseStreamClient.connect(uri("/melody/events/" + topic), Map.of()).awaitOpen();
    }

    private java.net.URI uri(String pathAndQuery) {
        return SseStreamClient.uri(deploymentUrl, pathAndQuery);
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }

    private void broadcast(String topic, String event, String data) {
        Map<String, String> parameters = new java.util.HashMap<>(Map.of("topic", topic, "data", data));
        if (event != null) {
            parameters.put("event", event);
        }
        probe().post("../sseprobe/broadcast", parameters);
    }

    private void awaitSubscribers(String topic, int count) {
        assertEquals(Integer.toString(count),
                probe().get("../sseprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic);
    }
}
