package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.CountingAuthorizer;
import dev.melody.stream.impl.access.CountingResolver;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.BroadcastObserver;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.StreamThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
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

    private WeldContainer weld;
    private HttpServer grizzly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        SseTestOptions.current = StreamOptions.defaults();
        weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, BroadcastObserver.class, SseTestOptions.class, StreamAccess.class,
                        SseTransport.class, StreamThreads.class, SseTestEvents.class, CountingResolver.class,
                        CountingAuthorizer.class)
                .initialize();
        URI base = URI.create("http://localhost:0" + SseTestServer.CONTEXT + SseApplication.PATH + "/");
        grizzly = GrizzlyHttpServerFactory.createHttpServer(base, new ResourceConfig(new SseApplication().getClasses()));
    }

    @AfterEach
    void stop() {
        clients.forEach(SseClient::close);
        if (grizzly != null) {
            grizzly.shutdownNow();
        }
        if (weld != null && weld.isRunning()) {
            weld.shutdown();
        }
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
        URI uri = URI.create("http://localhost:" + grizzly.getListener("grizzly").getPort() + SseTestServer.CONTEXT
                + "/melody/events/" + topic);
        SseClient client = SseClient.connect(http, uri, headers);
        clients.add(client);
        return client;
    }

    private void assertRefused(int status, String topic, Map<String, String> headers) throws Exception {
        SseClient refused = connect(topic, headers);
        assertEquals(status, refused.status(), topic);
        refused.body();                                   // read to its end, so the connection is free again
    }

    private void assertCalls(String topic, int resolved, int authorized) {
        assertEquals(resolved + "/" + authorized,
                weld.select(CountingResolver.class).get().calls(Transport.SSE, topic) + "/"
                        + weld.select(CountingAuthorizer.class).get().calls(Transport.SSE, topic),
                () -> "resolver/authorizer calls for topic " + topic);
    }
}
