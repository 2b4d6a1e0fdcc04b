package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import dev.melody.stream.tck.app.SseProbeServlet;
import java.net.URL;
import java.util.List;
import java.util.Map;
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
 * the servers' buffers hold, then lets it read again. A last test reconnects from ids inside and beyond the log.
 * Each test uses its own topic.
 */
@ExtendWith(ArquillianExtension.class)
class TopicLogGapIT {

    /** The topic log's size in events. */
    static final int HISTORY_SIZE = 32;

    /** The events broadcast while a client does not read: 20 MB, several times what any buffer on the way holds. */
    static final int COUNT = 20_000;

    private static final String PREFIX = "g-";

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
            batch("sse-gap", PREFIX, COUNT, 1024);           // the client reads nothing meanwhile
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
        batch("ws-gap", PREFIX, COUNT, 1024);                // the client reads nothing, not even pings
        client.resume();
        ReceivedBatch received = new ReceivedBatch(PREFIX, COUNT);
        while (!received.complete()) {
            String frame = client.next();
            WebSocketEnvelope envelope = WebSocketEnvelope.parse(frame);
            if (Markers.GAP.equals(envelope.event())) {
                assertTrue(Markers.GAP_FRAME.matcher(frame).matches(), () -> "gap marker frame: " + frame);
            }
            received.accept(envelope.asEvent());
        }
        assertFellBehindAndCaughtUp(received);
        client.close();
        awaitSubscribers("ws-gap", 0);
    }

    /**
     * Replay is exact within the log and refused beyond it: after {@value #HISTORY_SIZE} + 8 events, a reconnect
     * from the oldest retained event gets the rest of the log and then live events, while one from an event the log
     * no longer holds (SSE and WebSocket) first gets the resync marker, then live events only.
     */
    @Test
    void idOlderThanTheLogGetsTheResyncMarkerWhileARetainedIdReplaysTheRest() throws Exception {
        int count = HISTORY_SIZE + 8;
        SseStreamClient reader = resume("old-id", null);
        awaitSubscribers("old-id", 1);
        batch("old-id", "o-", count, 0);
        String epoch = EventId.parse(reader.next().lastEventId()).epoch();   // an event, or a marker if it fell behind
        String oldestRetained = epoch + "-" + (count - HISTORY_SIZE + 1);
        SseStreamClient fromRetained = resume("old-id", oldestRetained);
        SseStreamClient fromEvicted = resume("old-id", epoch + "-1");
        WebSocketClient webSocket = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/old-id"
                + "?lastEventId=" + epoch + "-1"), true);
        awaitSubscribers("old-id", 4);                      // with the first reader, still open
        probe().post("../sseprobe/broadcast", Map.of("topic", "old-id", "data", "live"));
        String liveId = epoch + "-" + (count + 1);
        for (int i = count - HISTORY_SIZE + 1; i < count; i++) {
            assertEquals(new Event("message", "o-" + i, epoch + "-" + (i + 1)), fromRetained.next(),
                    "replayed after " + oldestRetained);
        }
        assertEquals(new Event("message", "live", liveId), fromRetained.next(), "then the live event");
        assertEquals(Markers.RESYNC_EVENT, fromEvicted.next(), "first the marker");
        assertEquals(new Event("message", "live", liveId), fromEvicted.next(), "then the live event only");
        assertEquals(Markers.RESYNC_FRAME, webSocket.next(), "first the resync marker");
        assertEquals(new WebSocketEnvelope(liveId, null, "live"), WebSocketEnvelope.parse(webSocket.next()),
                "then the live event only");
        List.of(reader, fromRetained, fromEvicted).forEach(SseStreamClient::close);
        webSocket.close();
    }

    /** Opens an SSE stream of the topic, with a {@code Last-Event-ID} unless it is {@code null}. */
    private SseStreamClient resume(String topic, String lastEventId) throws Exception {
        return SseStreamClient.connect(SseStreamClient.uri(deploymentUrl, "/melody/events/" + topic),
                lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId)).awaitOpen();
    }

    /**
     * At least one marker, and after the last one every event to the end of the batch, from no later than the oldest
     * event the log retained once the batch was over ({@link ReceivedBatch} has checked the order and that the
     * markers' counts are exactly the holes). The writer may take its last jump while the batch is still being
     * broadcast (a server's buffers let it write a little whenever the client's socket takes some), so it may resume
     * earlier than that oldest event; it must never resume later, which would skip events the log still held.
     */
    private static void assertFellBehindAndCaughtUp(ReceivedBatch received) {
        System.out.println("Received " + received);           // for the report: where the gaps were
        assertTrue(received.markers() > 0 && received.missed() > 0, () -> "no gap marker: " + received);
        assertTrue(received.resumedAt() >= 0 && received.resumedAt() <= COUNT - HISTORY_SIZE,
                () -> "the last gap marker is followed by an event the log still held at the end, "
                        + (COUNT - HISTORY_SIZE) + " or earlier: " + received);
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }

    private void batch(String topic, String prefix, int count, int size) {
        probe().post("../sseprobe/batch", Map.of("topic", topic, "prefix", prefix,
                "count", Integer.toString(count), "size", Integer.toString(size)));
    }

    private void awaitSubscribers(String topic, int count) {
        assertEquals(Integer.toString(count),
                probe().get("../sseprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic);
    }
}
