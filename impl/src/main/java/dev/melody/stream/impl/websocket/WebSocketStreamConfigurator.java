package dev.melody.stream.impl.websocket;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.StreamAccess;
import dev.melody.stream.impl.connection.ConnectionRegistry;
import dev.melody.stream.impl.connection.HeldSubscription;
import dev.melody.stream.spi.StreamRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;
import java.util.Optional;

/**
 * Decides each WebSocket handshake that {@link WebSocketAccessFilter} has not decided, subscribes accepted ones, and
 * obtains the endpoint from CDI.
 *
 * <p><b>Role.</b> On servlet containers the filter checks every upgrade request before the container upgrades it:
 * it answers refusals with an HTTP status (the container never upgrades them) and hands its acceptance to
 * {@link #modifyHandshake}, which takes the accepted topic from it, so the application's {@code TopicResolver} and
 * {@code TopicAuthorizer} are asked once per handshake. Only where no filter decision matches the handshake (a
 * container that upgrades before application filters, or the Tyrus server without servlets) does this configurator
 * run the shared {@link StreamAccess} check itself: {@link #checkOrigin} refuses a foreign origin with HTTP 403 when
 * origin patterns are configured (in same-origin mode the container gives {@code checkOrigin} no {@code Host} to
 * compare with, so the origin is decided with the rest), and {@link #modifyHandshake} decides origin, topic
 * resolution, topic rule and authorization. An accepted handshake is subscribed right there, before the container
 * sends {@code 101}, in a {@link HeldSubscription}, so a client that acts on its {@code open} event misses no
 * broadcast. The decision and the held subscription travel to {@link WebSocketStreamEndpoint#onOpen} in the
 * connection's user properties {@link #DECISION} and {@link #HELD} (a per-connection copy, as WebSocket 2.1
 * requires); a refusal there becomes close 1008 with the reason. Each refusal is logged once, where it is decided.
 *
 * <p><b>Thread-safety.</b> Stateless apart from immutable configuration; called concurrently for many handshakes.
 *
 * <p><b>Lifecycle.</b> One per registered endpoint, created at deployment by {@link #endpointConfig(String)}.
 */
public final class WebSocketStreamConfigurator extends ServerEndpointConfig.Configurator {

    /** The user-property key under which the handshake's {@link AccessDecision} reaches {@code onOpen}. */
    static final String DECISION = AccessDecision.class.getName();

    /** The user-property key under which an accepted handshake's {@link HeldSubscription} reaches {@code onOpen}. */
    static final String HELD = HeldSubscription.class.getName();

    private static final System.Logger LOG = System.getLogger(WebSocketStreamConfigurator.class.getName());

    private final PathTemplate template;
    private volatile StreamAccess access;            // the application's check (a CDI proxy), looked up once
    private volatile WebSocketTransport transport;   // likewise

    private WebSocketStreamConfigurator(PathTemplate template) {
        this.template = template;
    }

    /**
     * Builds the endpoint configuration to register at a path.
     *
     * @param path the configured {@code webSocketPath}, such as {@code /ws/{topic}}
     * @return the configuration of {@link WebSocketStreamEndpoint} with this configurator
     */
    public static ServerEndpointConfig endpointConfig(String path) {
        return ServerEndpointConfig.Builder.create(WebSocketStreamEndpoint.class, path)
                .configurator(new WebSocketStreamConfigurator(new PathTemplate(path)))
                .build();
    }

    private StreamAccess access() {
        StreamAccess found = access;
        if (found == null) {                           // NOTE: racing first handshakes may each look it up
            found = CDI.current().select(StreamAccess.class).get();
            access = found;
        }
        return found;
    }

    private WebSocketTransport transport() {
        WebSocketTransport found = transport;
        if (found == null) {
            found = CDI.current().select(WebSocketTransport.class).get();
            transport = found;
        }
        return found;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        StreamAccess access = access();
        if (originHeaderValue == null || access.origins().isSameOriginOnly()) {
            return true;                                   // decided in modifyHandshake, where Host is known
        }
        if (WebSocketAccessFilter.acceptedOrigin(originHeaderValue)) {
            return true;                                   // the filter checked this very origin
        }
        AccessDecision decision = access.checkOrigin(new OriginOnly(originHeaderValue));
        if (decision instanceof Refused refused) {
            refused.log(LOG);
            return false;
        }
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        HandshakeStreamRequest handshake = new HandshakeStreamRequest(request, template);
        Accepted filtered = WebSocketAccessFilter.acceptedFor(handshake.header(WebSocketAccessFilter.KEY_HEADER),
                request.getRequestURI() == null ? null : request.getRequestURI().getRawPath());
        AccessDecision decision = filtered != null ? filtered : access().check(handshake);
        if (decision instanceof Refused refused) {
            refused.log(LOG);
        } else if (decision instanceof Accepted accepted) {
            ConnectionRegistry registry = transport().registry();
            sec.getUserProperties().put(HELD, HeldSubscription.subscribe(registry.hub(), registry.timer(),
                    accepted.topic(), handshake.queryParameter(WebSocketStreamEndpoint.LAST_EVENT_ID),
                    HeldSubscription.HOLD));
        }
        sec.getUserProperties().put(DECISION, decision);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            Instance.Handle<T> handle = CDI.current().select(endpointClass).getHandle();
            T endpoint = handle.get();
            if (endpoint instanceof WebSocketStreamEndpoint stream) {
                stream.destroyWith(handle);
            }
            return endpoint;
        } catch (RuntimeException e) {
            InstantiationException failure = new InstantiationException("Cannot obtain " + endpointClass.getName()
                    + " from CDI: " + e + "; is the melody-stream jar in WEB-INF/lib of a CDI-enabled application?");
            failure.initCause(e);
            throw failure;
        }
    }

    /** The only part of a handshake that {@code checkOrigin} sees. */
    private record OriginOnly(String origin) implements StreamRequest {
        @Override
        public Transport transport() {
            return Transport.WEBSOCKET;
        }

        @Override
        public String header(String name) {
            return "Origin".equalsIgnoreCase(name) ? origin : null;
        }

        @Override
        public String queryParameter(String name) {
            return null;
        }

        @Override
        public String pathParameter(String name) {
            return null;
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.empty();
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }
}
