package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.app.SseProbeServlet;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A subscriber that falls behind its topic's bounded log gets a gap marker where it lost events, then the retained
 * events in order, over SSE and over the WebSocket JSON envelope alike (the default overflow policy,
 * {@code GAP_MARKER}).
 *
 * <p>The log keeps {@value #HISTORY_SIZE} events (configured with {@code melody.stream.*} keys); the write timeout
 * is long enough that a client that pauses reading is not closed meanwhile, and the idle timeout keeps its default,
 * so a paused WebSocket client's writes wait for its pongs (Payara would otherwise buffer them without bound). Each
 * test pauses one client while the server broadcasts {@value #COUNT} events of 1 KB, far more than loopback's and
 * the servers' buffers hold, then lets it read again. Each test uses its own topic.
 */
@ExtendWith(ArquillianExtension.class)
class TopicLogGapIT {

    /** The topic log's size in events. */
    static final int HISTORY_SIZE = 32;

    /** The events broadcast while a client does not read: 20 MB, several times what any buffer on the way holds. */
    static final int COUNT = 20_000;

    private static final String PREFIX = "g-";

    /** A gap marker frame, exactly: its data is the JSON text {@code {"missed":N}} as a JSON string. */
    private static final Pattern GAP_FRAME = Pattern.compile(Pattern.quote("{\"id\":\"") + "[0-9a-f]{12}-[0-9]+"
            + Pattern.quote("\",\"event\":\"melody.gap\",\"data\":\"{\\\"missed\\\":") + "[0-9]+"
            + Pattern.quote("}\"}"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war("topic-log-gap", SseProbeServlet.class),
                Map.of("melody.stream.historySize", Integer.toString(HISTORY_SIZE),
                        "melody.stream.writeTimeout", "60s",
                        "melody.stream.webSocketFrames", "JSON_ENVELOPE"));
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void sseClientThatFellBehindTheLogGetsAGapMarkerThenTheRetainedEventsInOrder() throws Exception {
        try (PausableSseClient client = PausableSseClient.open(SseStreamClient.uri(deploymentUrl,
                "/melody/events/sse-gap"))) {
            awaitSubscribers("sse-gap", 1);
            batch("sse-gap");                               // the client reads nothing meanwhile
            ReceivedBatch received = new ReceivedBatch(PREFIX, COUNT);
            while (!received.complete()) {
                received.accept(client.next());
            }
            assertFellBehindAndCaughtUp(received);
        }
    }

    @Test
    void webSocketClientThatFellBehindTheLogGetsAGapMarkerThenTheRetainedEventsInOrder() throws Exception {
        WebSocketClient client = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/ws-gap"), false);
        awaitSubscribers("ws-gap", 1);
        batch("ws-gap");                                    // the client reads nothing meanwhile, not even pings
        client.resume();
        ReceivedBatch received = new ReceivedBatch(PREFIX, COUNT);
        while (!received.complete()) {
            String frame = client.next();
            WebSocketEnvelope envelope = WebSocketEnvelope.parse(frame);
            if (ReceivedBatch.GAP.equals(envelope.event())) {
                assertTrue(GAP_FRAME.matcher(frame).matches(), () -> "gap marker frame: " + frame);
            }
            received.accept(envelope.asEvent());
        }
        assertFellBehindAndCaughtUp(received);
        client.close();
        awaitSubscribers("ws-gap", 0);
    }

    /** At least one marker; after the last one, the log's oldest event when the client came back, then the rest. */
    private static void assertFellBehindAndCaughtUp(ReceivedBatch received) {
        assertTrue(received.markers() > 0 && received.missed() > 0, () -> "no gap marker: " + received);
        assertEquals(COUNT - HISTORY_SIZE, received.resumedAt(),
                () -> "the last gap marker is followed by the oldest retained event: " + received);
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }

    private void batch(String topic) {
        probe().post("../sseprobe/batch", Map.of("topic", topic, "prefix", PREFIX,
                "count", Integer.toString(COUNT), "size", "1024"));
    }

    private void awaitSubscribers(String topic, int count) {
        assertEquals(Integer.toString(count),
                probe().get("../sseprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic);
    }
}
