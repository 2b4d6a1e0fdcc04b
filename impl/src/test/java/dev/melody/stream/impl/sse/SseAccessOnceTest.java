package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.CountingAuthorizer;
import dev.melody.stream.impl.access.CountingResolver;
import dev.melody.stream.impl.testing.TestServer;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's {@code TopicResolver} and {@code TopicAuthorizer} are asked exactly once per SSE request,
 * accepted or refused; the authorizer never for an invalid topic, neither for a foreign origin.
 */
class SseAccessOnceTest {

    private static final int CONNECTIONS = 10;
    private static final String INVALID = "x".repeat(257);
    private static final String DENIED = CountingAuthorizer.DENIED_PREFIX + "sse";

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(StreamOptions.defaults(), EnumSet.of(Transport.SSE), CountingResolver.class,
                CountingAuthorizer.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRequestAsksTheResolverAndTheAuthorizerOnce() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            connect("accepted", Map.of()).awaitOpen();
            assertRefused(403, DENIED, Map.of());
            assertRefused(400, INVALID, Map.of());
            assertRefused(403, "foreign", Map.of("Origin", "http://evil.test"));
        }
        assertCalls("accepted", CONNECTIONS, CONNECTIONS);
        assertCalls(DENIED, CONNECTIONS, CONNECTIONS);
        assertCalls(INVALID, CONNECTIONS, 0);
        assertCalls("foreign", 0, 0);
    }

    private SseClient connect(String topic, Map<String, String> headers) throws Exception {
        return SseClient.connect(server, "/melody/events/" + topic, headers);
    }

    private void assertRefused(int status, String topic, Map<String, String> headers) throws Exception {
        SseClient refused = connect(topic, headers);
        assertEquals(status, refused.status(), topic);
        refused.body();                                   // read to its end, so the connection is free again
    }

    private void assertCalls(String topic, int resolved, int authorized) {
        assertEquals(resolved + "/" + authorized,
                server.bean(CountingResolver.class).calls(Transport.SSE, topic) + "/"
                        + server.bean(CountingAuthorizer.class).calls(Transport.SSE, topic),
                () -> "resolver/authorizer calls for topic " + topic);
    }
}
