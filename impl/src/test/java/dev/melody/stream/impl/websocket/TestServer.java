package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.StreamThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * An in-process deployment: Weld SE with the library's beans and the test's, and a Tyrus server on a free port
 * serving the transport's endpoint under context {@value #CONTEXT}.
 */
final class TestServer implements AutoCloseable {

    static final String CONTEXT = "/app";

    private final WeldContainer weld;
    private final Server tyrus;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TestClient> clients = new ArrayList<>();

    private TestServer(WeldContainer weld, Server tyrus) {
        this.weld = weld;
        this.tyrus = tyrus;
    }

    static TestServer start(StreamOptions options) throws Exception {
        TestOptions.current = options;
        TestApplication.path = options.webSocketPath();
        WeldContainer weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, TestOptions.class, StreamAccess.class, WebSocketTransport.class,
                        StreamThreads.class, WebSocketStreamEndpoint.class, TestEvents.class, TestAuthorizer.class)
                .initialize();
        Server tyrus = new Server("localhost", -1, CONTEXT, Map.of(), TestApplication.class);
        try {
            tyrus.start();
        } catch (Exception e) {
            weld.shutdown();
            throw e;
        }
        return new TestServer(weld, tyrus);
    }

    /** Returns {@code ws://localhost:port/app} followed by the given path and query. */
    URI uri(String pathAndQuery) {
        return URI.create("ws://localhost:" + tyrus.getPort() + CONTEXT + pathAndQuery);
    }

    String origin() {
        return "http://localhost:" + tyrus.getPort();
    }

    int port() {
        return tyrus.getPort();
    }

    ServerSentEventHub hub() {
        return weld.select(ServerSentEventHub.class).get();
    }

    TestEvents events() {
        return weld.select(TestEvents.class).get();
    }

    WebSocketTransport transport() {
        return weld.select(WebSocketTransport.class).get();
    }

    /** Connects a client that reads everything it is sent. */
    TestClient connect(String pathAndQuery) throws Exception {
        return connect(pathAndQuery, true, Map.of());
    }

    TestClient connect(String pathAndQuery, boolean reading, Map<String, String> headers) throws Exception {
        TestClient client = TestClient.connect(http, uri(pathAndQuery), reading, headers);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Stops the application (CDI) while the WebSocket server keeps running, as an undeploy does. */
    void stopApplication() {
        weld.shutdown();
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(TestClient::abort);
        }
        tyrus.stop();
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }
}
