package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.tck.app.BroadcastServlet;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Connect, then act": from the moment a client has its WebSocket upgrade (or its SSE response headers), every
 * broadcast reaches it. Each round opens a fresh connection to a fresh topic and broadcasts the instant the client
 * is open, with nothing in between: the broadcast must already count the client as a subscriber, and the client must
 * receive it. The library subscribes during the handshake, before the {@code 101}; containers run the endpoint's
 * {@code onOpen} only after the client has it, so a subscription made there missed such broadcasts.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectThenActIT {

    private static final int ROUNDS = 30;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("connect-then-act", BroadcastServlet.class);
    }

    @ArquillianResource
    private URL base;

    @Test
    void aBroadcastMadeAtTheWebSocketClientsOpenReachesIt() throws Exception {
        ProbeClient probe = new ProbeClient(base);
        for (int i = 0; i < ROUNDS; i++) {
            String topic = "ws-open-" + i;
            WebSocketClient client = WebSocketClient.connect(WebSocketClient.uri(base, "/ws/" + topic), true);
            Map<String, String> answer = probe.post("broadcast", Map.of("topic", topic, "data", "at open " + i));
            assertEquals("1", answer.get("delivered"), "round " + i + ": subscribed before the upgrade completed");
            assertEquals("at open " + i, client.next(), "round " + i);
            client.close();
        }
    }

    @Test
    void aBroadcastMadeAtTheSseClientsResponseHeadersReachesIt() throws Exception {
        ProbeClient probe = new ProbeClient(base);
        for (int i = 0; i < ROUNDS; i++) {
            String topic = "sse-open-" + i;
            try (SseStreamClient client = SseStreamClient.connect(
                    SseStreamClient.uri(base, "/melody/events/" + topic), Map.of())) {
                assertEquals(200, client.status());
                Map<String, String> answer = probe.post("broadcast", Map.of("topic", topic, "data", "at open " + i));
                assertEquals("1", answer.get("delivered"), "round " + i + ": subscribed before the headers went out");
                assertEquals("at open " + i, client.next().data(), "round " + i);
            }
        }
    }
}
