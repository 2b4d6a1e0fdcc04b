package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.tck.SseStreamClient.Event;
import dev.melody.stream.tck.app.EchoResource;
import dev.melody.stream.tck.app.ListingRestApplication;
import dev.melody.stream.tck.app.ScanningRestApplication;
import dev.melody.stream.tck.app.SseProbeServlet;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SSE stream comes up at {@code /melody/events/{topic}} whatever JAX-RS application the WAR has of its own: one
 * with default scanning, and one that lists its classes (which lists none of the library's); the application's own
 * resource keeps working at {@code /api/echo} beside it.
 */
@ExtendWith(ArquillianExtension.class)
class SseApplicationVariantsIT {

    @Deployment(name = "scanning", testable = false)
    static WebArchive scanning() {
        return TckDeployments.war("sse-scanning", SseProbeServlet.class, ScanningRestApplication.class,
                EchoResource.class);
    }

    @Deployment(name = "listing", testable = false)
    static WebArchive listing() {
        return TckDeployments.war("sse-listing", SseProbeServlet.class, ListingRestApplication.class,
                EchoResource.class);
    }

    @Test
    void scanningApplicationAndTheStreamWorkSideBySide(@ArquillianResource @OperateOnDeployment("scanning") URL url)
            throws Exception {
        assertStreamAndEcho(url);
    }

    @Test
    void listingApplicationAndTheStreamWorkSideBySide(@ArquillianResource @OperateOnDeployment("listing") URL url)
            throws Exception {
        assertStreamAndEcho(url);
    }

    private static void assertStreamAndEcho(URL url) throws Exception {
        SseStreamClient client = SseStreamClient.connect(SseStreamClient.uri(url, "/melody/events/variant"), Map.of())
                .awaitOpen();
        ProbeClient probe = new ProbeClient(url);
        assertEquals("1", probe.get("../sseprobe/subscribers?topic=variant&await=1").get("subscribers"));
        probe.post("../sseprobe/broadcast", Map.of("topic", "variant", "data", "hello"));
        Event event = client.next();
        assertEquals(new Event("message", "hello", EventId.parse(event.lastEventId()).epoch() + "-1"), event);
        client.close();
        HttpResponse<String> echo = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(SseStreamClient.uri(url, "/api/echo")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echo.statusCode());
        assertEquals(EchoResource.ANSWER, echo.body());
    }
}
