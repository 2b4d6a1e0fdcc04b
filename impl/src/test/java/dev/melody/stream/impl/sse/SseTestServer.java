package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
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

/**
 * An in-process deployment: Weld SE with the library's beans and the test's, and Jersey on Grizzly serving
 * {@link SseApplication} (plus an application's own SSE resource) under {@value #CONTEXT}{@value SseApplication#PATH}.
 */
final class SseTestServer implements AutoCloseable {

    static final String CONTEXT = "/app";

    private final WeldContainer weld;
    private final HttpServer grizzly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> clients = new ArrayList<>();

    private SseTestServer(WeldContainer weld, HttpServer grizzly) {
        this.weld = weld;
        this.grizzly = grizzly;
    }

    static SseTestServer start(StreamOptions options) {
        SseTestOptions.current = options;
        WeldContainer weld = new Weld().disableDiscovery()
                .addBeanClasses(HubProducer.class, BroadcastObserver.class, SseTestOptions.class, StreamAccess.class,
                        SseTransport.class, StreamThreads.class, SseTestEvents.class, SseTestAuthorizer.class)
                .initialize();
        try {
            ResourceConfig config = new ResourceConfig(new SseApplication().getClasses())
                    .register(AppSinkResource.class);
            URI base = URI.create("http://localhost:0" + CONTEXT + SseApplication.PATH + "/");
            return new SseTestServer(weld, GrizzlyHttpServerFactory.createHttpServer(base, config));
        } catch (RuntimeException e) {
            weld.shutdown();
            throw e;
        }
    }

    int port() {
        return grizzly.getListener("grizzly").getPort();
    }

    /** Returns {@code http://localhost:port/app} followed by the given path and query. */
    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port() + CONTEXT + pathAndQuery);
    }

    String origin() {
        return "http://localhost:" + port();
    }

    ServerSentEventHub hub() {
        return weld.select(ServerSentEventHub.class).get();
    }

    SseTestEvents events() {
        return weld.select(SseTestEvents.class).get();
    }

    SseTransport transport() {
        return weld.select(SseTransport.class).get();
    }

    <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    SseClient connect(String pathAndQuery) throws Exception {
        return connect(pathAndQuery, Map.of());
    }

    SseClient connect(String pathAndQuery, Map<String, String> headers) throws Exception {
        return track(SseClient.connect(http, uri(pathAndQuery), headers));
    }

    /** Connects a client that reads nothing until {@link SseClient#resume()}. */
    SseClient connectPaused(String pathAndQuery) throws Exception {
        return track(SseClient.connect(http, uri(pathAndQuery), Map.of(), true));
    }

    RawSseSocket raw(String pathAndQuery) throws Exception {
        return track(RawSseSocket.open(port(), CONTEXT + pathAndQuery));
    }

    private <T extends AutoCloseable> T track(T client) {
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Stops the application (CDI) while the HTTP server keeps running, as an undeploy does. */
    void stopApplication() {
        weld.shutdown();
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (AutoCloseable client : clients) {
                try {
                    client.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
        grizzly.shutdownNow();
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }
}
