package dev.melody.stream.impl.testing;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.cdi.BroadcastObserver;
import dev.melody.stream.impl.cdi.HubProducer;
import dev.melody.stream.impl.connection.StreamThreads;
import dev.melody.stream.impl.sse.SseApplication;
import dev.melody.stream.impl.sse.SseTransport;
import dev.melody.stream.impl.websocket.WebSocketStreamConfigurator;
import dev.melody.stream.impl.websocket.WebSocketStreamEndpoint;
import dev.melody.stream.impl.websocket.WebSocketTransport;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * An in-process deployment of the library for one test: Weld SE with the library's beans and the test application's
 * ({@link TestEvents}, {@link TestAuthorizer}, the given {@link StreamOptions}), plus the runtimes of the transports
 * asked for: a Tyrus WebSocket server serving the endpoint at {@code webSocketPath}, and Jersey on Grizzly serving
 * {@link SseApplication} (and {@link AppSinkResource}) under {@value #CONTEXT}{@value SseApplication#PATH}. Both
 * transports share one Weld container, so one hub, when both are asked for. Jersey listens on 127.0.0.1; Tyrus's
 * Grizzly container listens on the wildcard address, which it does not let a caller choose. Clients use
 * {@code localhost}, so that same-origin checks see matching {@code Origin} and {@code Host} values.
 *
 * <p><b>Thread-safety.</b> Made and closed by the test thread; {@link #track} may be called from any thread.
 *
 * <p><b>Lifecycle.</b> {@link #webSocket}, {@link #sse} or {@link #start} starts everything; {@link #stopApplication}
 * ends only the CDI container, as an undeploy does while the server keeps running; {@link #close} closes the tracked
 * clients, stops the runtimes, then Weld if it still runs. Each test makes its own, on free ports, with its own
 * {@link OpeningGate}.
 */
public final class TestServer implements AutoCloseable {

    /** The context root every runtime serves under, as a WAR's would be. */
    public static final String CONTEXT = "/app";

    private final WeldContainer weld;
    private final OpeningGate gate;
    private final TyrusServerContainer tyrus;
    private final HttpServer jersey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> clients = new ArrayList<>();

    private TestServer(WeldContainer weld, OpeningGate gate, TyrusServerContainer tyrus, HttpServer jersey) {
        this.weld = weld;
        this.gate = gate;
        this.tyrus = tyrus;
        this.jersey = jersey;
    }

    /**
     * Starts a deployment with the WebSocket transport only.
     *
     * @param options the options the application produces
     * @return the running deployment
     */
    public static TestServer webSocket(StreamOptions options) {
        return start(options, EnumSet.of(Transport.WEBSOCKET));
    }

    /**
     * Starts a deployment with the SSE transport only.
     *
     * @param options the options the application produces
     * @return the running deployment
     */
    public static TestServer sse(StreamOptions options) {
        return start(options, EnumSet.of(Transport.SSE));
    }

    /**
     * Starts a deployment with the runtimes of the given transports, which share one Weld container (one hub).
     *
     * @param options the options the application produces
     * @param transports the transports whose runtimes to start; at least one
     * @param beans further bean classes of the test's application, such as its observers
     * @return the running deployment
     * @throws IllegalStateException if a runtime does not start; whatever had started is stopped again
     */
    public static TestServer start(StreamOptions options, Set<Transport> transports, Class<?>... beans) {
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("a test server needs at least one transport");
        }
        OpeningGate gate = new OpeningGate();
        WeldContainer weld = weld(new DeploymentBeans(options, gate), transports, beans);
        TyrusServerContainer tyrus = null;
        try {
            if (transports.contains(Transport.WEBSOCKET)) {
                tyrus = tyrus(options.webSocketPath());
            }
            HttpServer jersey = transports.contains(Transport.SSE) ? jersey() : null;
            return new TestServer(weld, gate, tyrus, jersey);
        } catch (RuntimeException | Error e) {
            if (tyrus != null) {
                tyrus.stop();
            }
            weld.shutdown();
            throw e;
        }
    }

    /** Starts Tyrus on a free port with the endpoint registered as the library's registrar does on a server. */
    private static TyrusServerContainer tyrus(String webSocketPath) {
        TyrusServerContainer tyrus = (TyrusServerContainer) ServerContainerFactory.createServerContainer(Map.of());
        try {
            tyrus.addEndpoint(WebSocketStreamConfigurator.endpointConfig(webSocketPath));
            tyrus.start(CONTEXT, 0);
            return tyrus;
        } catch (IOException | DeploymentException e) {
            tyrus.stop();
            throw new IllegalStateException("Tyrus did not start: " + e, e);
        }
    }

    private static WeldContainer weld(DeploymentBeans deployment, Set<Transport> transports, Class<?>... beans) {
        Weld weld = new Weld().disableDiscovery()
                .addExtension(deployment)
                .addBeanClasses(beans)
                .addBeanClasses(HubProducer.class, BroadcastObserver.class, StreamAccess.class, StreamThreads.class,
                        TestEvents.class, TestAuthorizer.class);
        if (transports.contains(Transport.WEBSOCKET)) {
            weld.addBeanClasses(WebSocketTransport.class, WebSocketStreamEndpoint.class);
        }
        if (transports.contains(Transport.SSE)) {
            weld.addBeanClasses(SseTransport.class);
        }
        return weld.initialize();
    }

    private static HttpServer jersey() {
        ResourceConfig config = new ResourceConfig(new SseApplication().getClasses()).register(AppSinkResource.class);
        URI base = URI.create("http://127.0.0.1:0" + CONTEXT + SseApplication.PATH + "/");
        return GrizzlyHttpServerFactory.createHttpServer(base, config);
    }

    /**
     * Makes this deployment's own objects beans: the application's {@link StreamOptions}, in place of an application
     * producer, and the {@link OpeningGate}. Both are {@code @Dependent}, so injection points get these very
     * objects, and nothing is handed over through a static field.
     */
    private static final class DeploymentBeans implements Extension {

        private final StreamOptions options;
        private final OpeningGate gate;

        DeploymentBeans(StreamOptions options, OpeningGate gate) {
            this.options = options;
            this.gate = gate;
        }

        void addBeans(@Observes AfterBeanDiscovery discovery) {
            discovery.addBean().beanClass(DeploymentBeans.class).types(StreamOptions.class, Object.class)
                    .scope(Dependent.class).createWith(context -> options);
            discovery.addBean().beanClass(DeploymentBeans.class).types(OpeningGate.class, Object.class)
                    .scope(Dependent.class).createWith(context -> gate);
        }
    }

    /**
     * Returns the port a transport's runtime listens on.
     *
     * @param transport a transport this deployment started
     * @return the port
     */
    public int port(Transport transport) {
        return switch (transport) {
            case WEBSOCKET -> running(tyrus, transport).getPort();
            case SSE -> running(jersey, transport).getListener("grizzly").getPort();
        };
    }

    private static <T> T running(T runtime, Transport transport) {
        if (runtime == null) {
            throw new IllegalStateException("this test server was started without " + transport);
        }
        return runtime;
    }

    /**
     * Returns the address of a path under the context root: {@code ws://localhost:port/app…} for WebSocket,
     * {@code http://localhost:port/app…} for SSE.
     *
     * @param transport the transport whose runtime serves the path
     * @param pathAndQuery the path below {@value #CONTEXT}, with its query if any
     * @return the address
     */
    public URI uri(Transport transport, String pathAndQuery) {
        String scheme = transport == Transport.WEBSOCKET ? "ws" : "http";
        return URI.create(scheme + "://localhost:" + port(transport) + CONTEXT + pathAndQuery);
    }

    /**
     * Returns the origin of pages served by a transport's runtime, as a same-origin browser would send it.
     *
     * @param transport the transport whose runtime serves the page
     * @return {@code http://localhost:port}
     */
    public String origin(Transport transport) {
        return "http://localhost:" + port(transport);
    }

    /**
     * Returns the HTTP client clients of this deployment connect with (HTTP/1.1, as SSE and WebSocket upgrades use).
     *
     * @return the client
     */
    public HttpClient http() {
        return http;
    }

    /**
     * Returns the application's hub.
     *
     * @return the hub bean
     */
    public ServerSentEventHub hub() {
        return bean(ServerSentEventHub.class);
    }

    /**
     * Returns what the application has observed.
     *
     * @return the deployment's {@link TestEvents}
     */
    public TestEvents events() {
        return bean(TestEvents.class);
    }

    /**
     * Returns a bean of this deployment, such as a transport.
     *
     * @param type the bean type
     * @param <T> the bean type
     * @return the bean
     */
    public <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    /**
     * Makes {@link #close} close a client too, so that a failing test leaves no connection behind.
     *
     * @param client a client connected to this deployment
     * @param <T> the client type
     * @return {@code client}
     */
    public <T extends AutoCloseable> T track(T client) {
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /**
     * Returns the gate that holds connections to {@value OpeningGate#TOPIC} halfway through their opening; it
     * outlives the application, so a test may release it after {@link #stopApplication}.
     *
     * @return this deployment's gate
     */
    public OpeningGate openingGate() {
        return gate;
    }

    /** Stops the application (CDI) while the runtimes keep running, as an undeploy does. */
    public void stopApplication() {
        weld.shutdown();
    }

    @Override
    public void close() {
        gate.release();
        synchronized (clients) {
            for (AutoCloseable client : clients) {
                try {
                    client.close();
                } catch (Exception e) {
                    // best effort: the runtimes are stopped next anyway
                }
            }
        }
        if (tyrus != null) {
            tyrus.stop();
        }
        if (jersey != null) {
            jersey.shutdownNow();
        }
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }
}
