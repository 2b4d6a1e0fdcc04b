package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import dev.melody.stream.tck.app.BroadcastersRestApplication;
import dev.melody.stream.tck.app.OwnSinkResource;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.SseStreamOptions;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API type {@code SseBroadcasters}, injected into an application's own JAX-RS resource: a sink it registers on
 * a topic's broadcaster, the library's SSE stream and a WebSocket client of that topic all get what the broadcaster
 * broadcasts; a closed broadcaster says where to get a new one. Each test uses its own topic.
 */
@ExtendWith(ArquillianExtension.class)
class SseBroadcastersIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("broadcasters", BroadcastersRestApplication.class, OwnSinkResource.class,
                SseProbeServlet.class, SseStreamOptions.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void theBroadcasterOfTheApiTypeReachesOwnSinksLibraryStreamsAndWebSockets() throws Exception {
        SseStreamClient own = SseStreamClient.connect(SseStreamClient.uri(deploymentUrl, "/own/sinks/api"), Map.of());
        SseStreamClient library = SseStreamClient.connect(SseStreamClient.uri(deploymentUrl, "/melody/events/api"),
                Map.of()).awaitOpen();
        WebSocketClient webSocket = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/api"), true);
        assertEquals(200, own.status());
        assertEquals("3", probe().get("../sseprobe/subscribers?topic=api&await=3").get("subscribers"));
        assertEquals("3", probe().post("../own/broadcast/api", Map.of("name", "task.created", "data", "{\"id\":1}"))
                .get("delivered"));
        Event fromOwn = own.next();
        assertEquals("task.created", fromOwn.type());
        assertEquals("{\"id\":1}", fromOwn.data());
        Event fromLibrary = library.next();
        assertEquals("task.created", fromLibrary.type());
        assertEquals("{\"id\":1}", fromLibrary.data());
        assertEquals("{\"id\":1}", webSocket.next());
        own.close();
        library.close();
        webSocket.close();
    }

    @Test
    void aClosedBroadcasterNamesTheApiTypeAndTheNextOneIsNew() {
        Map<String, String> closed = probe().post("../own/close/closing", Map.of());
        assertTrue(closed.get("error").contains("SseBroadcasters.forTopic(topic, sse)"), closed::toString);
        assertEquals("true", closed.get("fresh"));
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }
}
