package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.app.CapturingLogHandler;
import dev.melody.stream.tck.app.LifecycleProbeServlet;
import dev.melody.stream.tck.app.LifecycleRecorder;
import dev.melody.stream.tck.app.LogCaptureListener;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.SseStreamOptions;
import dev.melody.stream.tck.app.ThrowingLifecycleObserver;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application observer of {@code StreamOpened}/{@code StreamClosed} that throws, notified first, leaves the
 * application's other observer notified of both events and the connection working, on both transports; the
 * library logs the failure in WARNING lines that name the observer, without a stack trace. Each test uses its own
 * topic.
 */
@ExtendWith(ArquillianExtension.class)
class LifecycleObserverIsolationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("lifecycle", LifecycleProbeServlet.class, LifecycleRecorder.class,
                ThrowingLifecycleObserver.class, SseProbeServlet.class, SseStreamOptions.class,
                LogCaptureListener.class, CapturingLogHandler.class, CapturingLogHandler.Captured.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void aThrowingObserverLeavesTheOtherNotifiedOnWebSocket() throws Exception {
        WebSocketClient client = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/iso-ws"), true);
        assertEquals("opened WEBSOCKET", events("iso-ws", 1).get("events"));
        broadcast("iso-ws", "still here");
        assertEquals("still here", client.next());
        client.close();
        Map<String, String> probe = events("iso-ws", 2);
        assertEquals("opened WEBSOCKET,closed WEBSOCKET CLIENT_CLOSED", probe.get("events"));
        assertLogged(probe);
    }

    @Test
    void aThrowingObserverLeavesTheOtherNotifiedOnSse() throws Exception {
        SseStreamClient client = SseStreamClient.connect(SseStreamClient.uri(deploymentUrl, "/melody/events/iso-sse"),
                Map.of()).awaitOpen();
        assertEquals("opened SSE", events("iso-sse", 1).get("events"));
        broadcast("iso-sse", "still here");
        assertEquals("still here", client.next().data());
        assertEquals("1", probe().post("../lifecycleprobe/close", Map.of("topic", "iso-sse")).get("closed"));
        Map<String, String> probe = events("iso-sse", 2);
        assertEquals("opened SSE,closed SSE SERVER_CLOSED", probe.get("events"));
        assertLogged(probe);
        client.close();
    }

    /** The thrower ran for both events, and its failures were logged in short lines, none with a stack trace. */
    private static void assertLogged(Map<String, String> probe) {
        assertTrue(Integer.parseInt(probe.get("thrown")) >= 2, () -> "the throwing observer was not called: " + probe);
        assertTrue(Integer.parseInt(probe.get("warnings")) >= 1, () -> "no WARNING names the observer: " + probe);
        assertEquals("0", probe.get("warningsWithStackTrace"), () -> probe.toString());
        String line = probe.get("warning");
        assertTrue(line.contains("threw java.lang.IllegalStateException: " + ThrowingLifecycleObserver.FAILURE)
                && line.contains("other observers are unaffected"), line);
    }

    private Map<String, String> events(String topic, int count) {
        return probe().get("../lifecycleprobe/events?topic=" + topic + "&await=" + count);
    }

    private void broadcast(String topic, String data) {
        probe().post("../sseprobe/broadcast", Map.of("topic", topic, "data", data));
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }
}
