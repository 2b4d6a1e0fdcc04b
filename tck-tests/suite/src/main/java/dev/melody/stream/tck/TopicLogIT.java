package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.melody.stream.tck.SseStreamClient.Event;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.arquillian.DeployedContexts;
import java.net.Socket;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topic log across a redeployment, and with the default options: event ids carry the epoch of their topic's
 * history, so an id from before a redeploy is never mistaken for one of the new history, and a burst of broadcasts
 * reaches a healthy client whole however many other clients stopped reading.
 *
 * <p>Each test deploys and undeploys its own WAR with {@code Deployer}, one at a time (the Payara Micro adapter
 * tracks a single deployment per container, and starts a new Payara Micro process for each deployment), and finds
 * it with {@link DeployedContexts}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TopicLogIT {

    private static final String REDEPLOYED = "topic-log-redeploy";
    private static final String DEFAULTS = "topic-log-defaults";
    private static final String TOPIC = "history";
    private static final int FIRST_RUN = 3;
    /** More than the first run broadcast, so the new history's sequence passes the old id's. */
    private static final int SECOND_RUN = 2 * FIRST_RUN + 1;
    private static final int BURST = 200;

    @Deployment(name = REDEPLOYED, managed = false, testable = false)
    static WebArchive redeployed() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war(REDEPLOYED, SseProbeServlet.class),
                Map.of("melody.stream.webSocketFrames", "JSON_ENVELOPE",
                        "melody.stream.sseHeartbeat", "500ms"));       // a closed SSE client is found soon
    }

    @Deployment(name = DEFAULTS, managed = false, testable = false)
    static WebArchive defaults() {
        return TckDeployments.war(DEFAULTS, SseProbeServlet.class);
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void idFromBeforeARedeployGetsTheResyncMarkerAndThenOnlyLiveEvents() throws Exception {
        String oldId;
        try {
            deployer.deploy(REDEPLOYED);
            oldId = broadcastAndRead(DeployedContexts.url(REDEPLOYED), "first-", FIRST_RUN);
        } finally {
            deployer.undeploy(REDEPLOYED);
        }
        try {
            deployer.deploy(REDEPLOYED);
            URL url = DeployedContexts.url(REDEPLOYED);
            String newId = broadcastAndRead(url, "second-", SECOND_RUN);
            assertNotEquals(EventId.parse(oldId).epoch(), EventId.parse(newId).epoch(),
                    () -> "the new run's history has an epoch of its own: " + oldId + ", then " + newId);
            assertResyncThenLive(url, oldId, EventId.parse(newId).plus(1));
        } finally {
            deployer.undeploy(REDEPLOYED);
        }
    }

    @Test
    void withDefaultOptionsAHealthyClientGetsAWholeBurstBesideClientsThatStoppedReading() throws Exception {
        try {
            deployer.deploy(DEFAULTS);
            URL url = DeployedContexts.url(DEFAULTS);
            Socket stalledSse = SseStreamClient.stalled(SseStreamClient.uri(url, "/melody/events/burst"));
            WebSocketClient stalledWebSocket = WebSocketClient.connect(WebSocketClient.uri(url, "/ws/burst"), false);
            SseStreamClient sse = SseStreamClient.connect(SseStreamClient.uri(url, "/melody/events/burst"), Map.of())
                    .awaitOpen();
            WebSocketClient webSocket = WebSocketClient.connect(WebSocketClient.uri(url, "/ws/burst"), true);
            awaitSubscribers(url, "burst", 4);
            batch(url, "burst", "burst-", BURST, 1024);                 // 200 x 1 KB, as fast as the server loops
            ReceivedBatch received = new ReceivedBatch("burst-", BURST);
            while (!received.complete()) {
                received.accept(sse.next());
            }
            assertEquals(0, received.markers(), () -> "the healthy SSE client lost nothing: " + received);
            for (int i = 0; i < BURST; i++) {                          // default frames: the data alone
                assertEquals("burst-" + i, webSocket.next().replaceAll("x+$", ""), "WebSocket frame " + i);
            }
            stalledSse.close();
            stalledWebSocket.abort();
            sse.close();
            webSocket.close();
        } finally {
            deployer.undeploy(DEFAULTS);
        }
    }

    /** Broadcasts a batch to {@value #TOPIC} and reads it over SSE; returns the last event's id. */
    private static String broadcastAndRead(URL url, String prefix, int count) throws Exception {
        SseStreamClient client = SseStreamClient.connect(SseStreamClient.uri(url, "/melody/events/" + TOPIC),
                Map.of()).awaitOpen();
        awaitSubscribers(url, TOPIC, 1);
        batch(url, TOPIC, prefix, count, 0);
        ReceivedBatch received = new ReceivedBatch(prefix, count);   // ids <epoch>-1, -2, ... in every new run
        Event last = null;
        while (!received.complete()) {
            last = client.next();
            received.accept(last);
        }
        assertEquals(0, received.markers(), received::toString);
        client.close();
        awaitSubscribers(url, TOPIC, 0);
        return last.lastEventId();
    }

    /**
     * Reconnects with an id of the previous run (header and query parameter on SSE, query parameter on the
     * WebSocket) and with a bare sequence number as earlier releases assigned it: each connection first gets the
     * resync marker, then the live event broadcast after it connected, and nothing of the new run's past.
     */
    private static void assertResyncThenLive(URL url, String oldId, String liveId) throws Exception {
        String stream = "/melody/events/" + TOPIC;
        List<SseStreamClient> sse = List.of(
                SseStreamClient.connect(SseStreamClient.uri(url, stream), Map.of("Last-Event-ID", oldId)),
                SseStreamClient.connect(SseStreamClient.uri(url, stream + "?lastEventId=" + oldId), Map.of()),
                SseStreamClient.connect(SseStreamClient.uri(url, stream),
                        Map.of("Last-Event-ID", Long.toString(EventId.parse(oldId).sequence()))));
        for (SseStreamClient client : sse) {
            client.awaitOpen();
        }
        WebSocketClient webSocket = WebSocketClient.connect(WebSocketClient.uri(url, "/ws/" + TOPIC
                + "?lastEventId=" + oldId), true);
        awaitSubscribers(url, TOPIC, sse.size() + 1);
        probe(url).post("../sseprobe/broadcast", Map.of("topic", TOPIC, "data", "live"));
        for (SseStreamClient client : sse) {
            assertEquals(Markers.RESYNC_EVENT, client.next(),
                    "first the resync marker, without id");
            assertEquals(new Event("message", "live", liveId), client.next(), "then the live event, nothing replayed");
            client.close();
        }
        assertEquals(Markers.RESYNC_FRAME, webSocket.next(), "first the resync marker");
        assertEquals(new WebSocketEnvelope(liveId, null, "live"), WebSocketEnvelope.parse(webSocket.next()),
                "then the live event, nothing replayed");
        webSocket.close();
    }

    private static ProbeClient probe(URL url) {
        return new ProbeClient(url);
    }

    private static void batch(URL url, String topic, String prefix, int count, int size) {
        probe(url).post("../sseprobe/batch", Map.of("topic", topic, "prefix", prefix,
                "count", Integer.toString(count), "size", Integer.toString(size)));
    }

    private static void awaitSubscribers(URL url, String topic, int count) {
        assertEquals(Integer.toString(count),
                probe(url).get("../sseprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic);
    }
}
