package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.CountingAuthorizer;
import dev.melody.stream.impl.access.CountingResolver;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.connection.HeldSubscription;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's {@code TopicResolver} and {@code TopicAuthorizer} are asked exactly once per WebSocket handshake:
 * by the configurator where no servlet filter ran (the Tyrus server, real clients), and by the servlet filter alone
 * where it ran, its acceptance handed to the configurator (the real filter and configurator, with the container's
 * upgrade stood in by a filter chain that calls {@code modifyHandshake} on the filter's thread, as Undertow, Tyrus'
 * servlet filter and Open Liberty do; the real servers are counted by {@code AccessCheckCountIT} of the suite).
 */
class WebSocketAccessOnceTest {

    private static final int CONNECTIONS = 10;
    private static final String PATH = StreamOptions.defaults().webSocketPath();
    private static final String INVALID = "x".repeat(257);
    private static final String DENIED = CountingAuthorizer.DENIED_PREFIX + "ws";

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(StreamOptions.defaults(), EnumSet.of(Transport.WEBSOCKET), CountingResolver.class,
                CountingAuthorizer.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutAFilterTheConfiguratorAsksOncePerHandshake() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            connect("accepted");
            assertEquals(new TestClient.Close(1008, AccessDecision.REASON_TOPIC_REFUSED), connect(DENIED).awaitClose());
            assertEquals(new TestClient.Close(1008, AccessDecision.REASON_TOPIC_INVALID), connect(INVALID).awaitClose());
        }
        assertCalls("accepted", CONNECTIONS, CONNECTIONS);
        assertCalls(DENIED, CONNECTIONS, CONNECTIONS);
        assertCalls(INVALID, CONNECTIONS, 0);
    }

    @Test
    void theFiltersAcceptanceReachesTheConfiguratorWhichDoesNotAskAgain() throws Exception {
        WebSocketAccessFilter filter = new WebSocketAccessFilter();
        ServerEndpointConfig config = WebSocketStreamConfigurator.endpointConfig(PATH);
        AtomicInteger upgrades = new AtomicInteger();
        FilterChain upgrade = (request, response) -> {
            String key = ((HttpServletRequest) request).getHeader(WebSocketAccessFilter.KEY_HEADER);
            upgrade(config, handshake(key, "/app/ws/accepted"));
            upgrades.incrementAndGet();
        };
        for (int i = 0; i < CONNECTIONS; i++) {
            filter.doFilter(upgradeRequest("key-" + i, "/app/ws/accepted"), new Answer().response(), upgrade);
            Answer refused = new Answer();
            filter.doFilter(upgradeRequest("denied-" + i, "/app/ws/" + DENIED), refused.response(), upgrade);
            assertEquals(403, refused.status);
        }
        assertEquals(CONNECTIONS, upgrades.get(), "refused requests never reach the container's upgrade");
        assertCalls("accepted", CONNECTIONS, CONNECTIONS);
        assertCalls(DENIED, CONNECTIONS, CONNECTIONS);
    }

    @Test
    void aHandshakeTheFilterDidNotCheckGetsTheFullCheck() throws Exception {
        WebSocketAccessFilter filter = new WebSocketAccessFilter();
        ServerEndpointConfig config = WebSocketStreamConfigurator.endpointConfig(PATH);
        CompletableFuture<Accepted> otherThread = new CompletableFuture<>();
        FilterChain upgrade = (request, response) -> {
            assertEquals(new Accepted("accepted"), acceptedFor("k", "/app/ws/accepted"));
            assertNull(acceptedFor("another-key", "/app/ws/accepted"));
            assertNull(acceptedFor("k", "/app/ws/other"));
            assertTrue(WebSocketAccessFilter.acceptedOrigin(null), "the filtered request had no Origin");
            assertFalse(WebSocketAccessFilter.acceptedOrigin("http://evil.test"));
            Thread thread = new Thread(() -> otherThread.complete(
                    acceptedFor("k", "/app/ws/accepted")));
            thread.start();
            upgrade(config, handshake("another-key", "/app/ws/accepted"));   // not the request filtered: checked
        };
        filter.doFilter(upgradeRequest("k", "/app/ws/accepted"), new Answer().response(), upgrade);
        assertNull(otherThread.get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS), "a decision stays on its thread");
        assertNull(acceptedFor("k", "/app/ws/accepted"), "nor outlives its request");
        assertFalse(WebSocketAccessFilter.acceptedOrigin(null));
        upgrade(config, handshake("k", "/app/ws/accepted"));                 // after the filter: checked again
        assertCalls("accepted", 3, 3);
    }

    /** What the configurator finds for a handshake, as it looks it up in {@code modifyHandshake}. */
    private static Accepted acceptedFor(String key, String rawPath) {
        HandshakeRequest handshake = handshake(key, rawPath);
        return WebSocketAccessFilter.acceptedFor(
                new HandshakeStreamRequest(handshake, new PathTemplate(PATH)).header(WebSocketAccessFilter.KEY_HEADER),
                handshake.getRequestURI().getRawPath());
    }

    /** What the container's upgrade does with our configurator: {@code modifyHandshake}, then {@code onOpen}. */
    private static void upgrade(ServerEndpointConfig config, HandshakeRequest handshake) {
        config.getConfigurator().modifyHandshake(config, handshake, null);
        Object decision = config.getUserProperties().get(WebSocketStreamConfigurator.DECISION);
        assertTrue(decision instanceof Accepted, () -> "decision " + decision);
        ((HeldSubscription) config.getUserProperties().get(WebSocketStreamConfigurator.HELD))
                .release(CloseCause.SERVER_CLOSED);                        // no onOpen here: release what it holds
    }

    private TestClient connect(String topic) throws Exception {
        return TestClient.connect(server, "/ws/" + topic);
    }

    private void assertCalls(String topic, int resolved, int authorized) {
        assertEquals(resolved + "/" + authorized,
                server.bean(CountingResolver.class).calls(Transport.WEBSOCKET, topic) + "/"
                        + server.bean(CountingAuthorizer.class).calls(Transport.WEBSOCKET, topic),
                () -> "resolver/authorizer calls for topic " + topic);
    }

    /** A servlet container's view of an upgrade request to the given raw path. */
    private static HttpServletRequest upgradeRequest(String key, String rawPath) {
        Map<String, String> headers = Map.of("upgrade", "websocket", "sec-websocket-version", "13",
                "sec-websocket-key", key, "host", "localhost:1");
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getRequestURI" -> rawPath;
                    case "getContextPath" -> TestServer.CONTEXT;
                    case "getScheme" -> "http";
                    case "getQueryString", "getUserPrincipal" -> null;
                    case "isUserInRole" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The WebSocket runtime's view of the same handshake. */
    private static HandshakeRequest handshake(String key, String rawPath) {
        Map<String, List<String>> headers = Map.of("Sec-WebSocket-Key", List.of(key), "Host", List.of("localhost:1"),
                "Sec-WebSocket-Version", List.of("13"));
        return (HandshakeRequest) Proxy.newProxyInstance(HandshakeRequest.class.getClassLoader(),
                new Class<?>[] {HandshakeRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "getRequestURI" -> URI.create("ws://localhost:1" + rawPath);
                    case "getQueryString", "getUserPrincipal" -> null;
                    case "isUserInRole" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Records the status a refusal was answered with. */
    private static final class Answer {
        volatile int status;

        HttpServletResponse response() {
            ServletOutputStream body = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setHeader", "setContentType" -> null;
                        case "getOutputStream" -> body;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
