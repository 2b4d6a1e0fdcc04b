package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.Transport;
import dev.melody.stream.tck.app.counting.AccessCountServlet;
import dev.melody.stream.tck.app.counting.AccessCounts;
import dev.melody.stream.tck.app.counting.CountingTopicAuthorizer;
import dev.melody.stream.tck.app.counting.CountingTopicResolver;
import java.net.URI;
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
 * The access check runs once per connection attempt on each transport: the application's {@code TopicResolver} and
 * {@code TopicAuthorizer} count their calls, and after {@value #ATTEMPTS} accepted, {@value #ATTEMPTS} denied and
 * {@value #ATTEMPTS} invalid-topic attempts of each transport the counts equal the attempts (the authorizer is not
 * asked for an invalid topic; neither is asked for a foreign origin). For WebSocket this shows that the servlet
 * filter's decision reaches the endpoint and the endpoint does not ask again. Each test uses its own topics.
 */
@ExtendWith(ArquillianExtension.class)
class AccessCheckCountIT {

    /** Connection attempts per case. */
    static final int ATTEMPTS = 5;

    private static final String INVALID = "x".repeat(257);
    private static final Map<String, String> FOREIGN_ORIGIN = Map.of("Origin", "http://evil.test");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("accesscount", AccessCountServlet.class, AccessCounts.class,
                CountingTopicResolver.class, CountingTopicAuthorizer.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void everyWebSocketHandshakeAsksTheResolverAndTheAuthorizerOnce() throws Exception {
        String denied = CountingTopicAuthorizer.DENIED_PREFIX + "ws";
        List<WebSocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                open.add(WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/ws-accepted"), true));
                assertEquals("HTTP 403", WebSocketClient.refusal(webSocket(denied), Map.of()));
                assertEquals("HTTP 400", WebSocketClient.refusal(webSocket(INVALID), Map.of()));
                assertEquals("HTTP 403", WebSocketClient.refusal(webSocket("ws-foreign"), FOREIGN_ORIGIN));
            }
            assertCounts(Transport.WEBSOCKET, "ws-accepted", ATTEMPTS, ATTEMPTS);
        } finally {
            for (WebSocketClient client : open) {
                client.abort();
            }
        }
        assertCounts(Transport.WEBSOCKET, denied, ATTEMPTS, ATTEMPTS);
        assertCounts(Transport.WEBSOCKET, INVALID, ATTEMPTS, 0);
        assertCounts(Transport.WEBSOCKET, "ws-foreign", 0, 0);
    }

    @Test
    void everySseRequestAsksTheResolverAndTheAuthorizerOnce() throws Exception {
        String denied = CountingTopicAuthorizer.DENIED_PREFIX + "sse";
        List<SseStreamClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                SseStreamClient accepted = SseStreamClient.connect(sse("sse-accepted"), Map.of());
                open.add(accepted);
                assertEquals(200, accepted.status());
                accepted.awaitOpen();
                assertStatus(403, sse(denied), Map.of());
                assertStatus(400, sse(INVALID), Map.of());
                assertStatus(403, sse("sse-foreign"), FOREIGN_ORIGIN);
            }
            assertCounts(Transport.SSE, "sse-accepted", ATTEMPTS, ATTEMPTS);
        } finally {
            open.forEach(SseStreamClient::close);
        }
        assertCounts(Transport.SSE, denied, ATTEMPTS, ATTEMPTS);
        assertCounts(Transport.SSE, INVALID, ATTEMPTS, 0);
        assertCounts(Transport.SSE, "sse-foreign", 0, 0);
    }

    private URI webSocket(String topic) {
        return WebSocketClient.uri(deploymentUrl, "/ws/" + topic);
    }

    private URI sse(String topic) {
        return SseStreamClient.uri(deploymentUrl, "/melody/events/" + topic);
    }

    private static void assertStatus(int expected, URI uri, Map<String, String> headers) throws Exception {
        try (SseStreamClient refused = SseStreamClient.connect(uri, headers)) {
            assertEquals(expected, refused.status(), () -> uri + " answered " + refused.status());
        }
    }

    private void assertCounts(Transport transport, String topic, int resolved, int authorized) {
        Map<String, String> counts = new ProbeClient(deploymentUrl)
                .get("../accesscount?transport=" + transport + "&topic=" + topic);
        assertEquals(resolved + "/" + authorized, counts.get("resolved") + "/" + counts.get("authorized"),
                () -> transport + " topic " + topic + ": resolver/authorizer calls for " + ATTEMPTS + " attempts");
    }
}
