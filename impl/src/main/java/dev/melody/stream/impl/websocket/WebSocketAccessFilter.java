package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.ServletStreamRequest;
import dev.melody.stream.impl.access.StreamAccess;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Decides WebSocket handshakes before the container upgrades them: answers a refusal with an HTTP status, and hands
 * an acceptance to {@link WebSocketStreamConfigurator}, so the access check runs once per handshake.
 *
 * <p><b>Role.</b> For a request to {@code webSocketPath} that asks for {@code Upgrade: websocket} (a path that
 * names no topic there, such as {@code /ws/} or {@code /ws}, included), first applies {@link HandshakeRules}
 * (protocol version 13, a request URI that parses), then runs the shared {@link StreamAccess} check (origin, topic,
 * authorization), and answers a refusal with its status (400, 403, 426 or 500) and reason as plain text, which a
 * browser reports as a failed handshake; the container never sees that request. Every other request passes
 * untouched.
 *
 * <p><b>The hand-off.</b> An accepted handshake goes on down the chain with its decision held in a thread-local for
 * exactly the duration of {@code chain.doFilter} (removed in {@code finally}). The containers upgrade inside that
 * call, on the same thread (Undertow's, Tyrus' and Open Liberty's upgrade filters all call
 * {@code modifyHandshake} synchronously there), so {@link WebSocketStreamConfigurator} finds the decision and takes
 * the accepted topic from it instead of asking the application's {@code TopicResolver} and
 * {@code TopicAuthorizer} again. The decision is keyed to its request: the configurator takes it only for a
 * handshake whose {@code Sec-WebSocket-Key} (the client's per-handshake nonce) and request path are the ones this
 * filter checked. A handshake that finds no matching decision (a container that upgrades before application
 * filters, or on another thread) gets the full check in the configurator; a decision can never reach another
 * request, since it lives only on the thread serving its own request and only while it is served.
 *
 * <p><b>Thread-safety and lifecycle.</b> One instance per application, created by the container from
 * {@link WebSocketRegistrar}, called concurrently for many requests; the path template and access check are looked
 * up once, on the first upgrade request (racing first requests may each look them up; the results are equal).
 */
public final class WebSocketAccessFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(WebSocketAccessFilter.class.getName());

    /** Stands for "no WebSocket path configured": no request is checked. */
    private static final PathTemplate DISABLED = new PathTemplate("/");

    /** The handshake header that keys a decision to its request. */
    static final String KEY_HEADER = "Sec-WebSocket-Key";

    /** The decision of the upgrade request this thread is filtering, while it goes down the chain. */
    private static final ThreadLocal<Decided> DECIDED = new ThreadLocal<>();

    private volatile PathTemplate template;          // null until the first upgrade request
    private volatile StreamAccess access;

    /**
     * What this filter decided for one upgrade request, and what identifies that request.
     *
     * @param key the request's {@code Sec-WebSocket-Key}
     * @param rawPath the request's raw path, including the context root
     * @param origin the request's {@code Origin}, or {@code null}
     * @param accepted the decision
     */
    private record Decided(String key, String rawPath, String origin, Accepted accepted) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && "websocket".equalsIgnoreCase(http.getHeader("Upgrade")))) {
            chain.doFilter(request, response);
            return;
        }
        AccessDecision decision = decide(http);
        if (decision instanceof Refused refused) {
            answer(refused, answer);
            return;
        }
        String key = http.getHeader(KEY_HEADER);
        if (!(decision instanceof Accepted accepted) || key == null) {  // not the stream path, or no handshake
            chain.doFilter(request, response);
            return;
        }
        Decided previous = DECIDED.get();
        DECIDED.set(new Decided(key, http.getRequestURI(), http.getHeader("Origin"), accepted));
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                DECIDED.remove();
            } else {
                DECIDED.set(previous);
            }
        }
    }

    /**
     * Returns this filter's acceptance of the handshake being upgraded on the calling thread, if it decided one.
     *
     * @param key the handshake's {@code Sec-WebSocket-Key}, as the WebSocket runtime reports it, or {@code null}
     * @param rawPath the handshake's raw request path, as the WebSocket runtime reports it, or {@code null}
     * @return the accepted decision, or {@code null} when this filter did not check this request: the caller must
     *         then run the full check
     */
    static Accepted acceptedFor(String key, String rawPath) {
        Decided decided = DECIDED.get();
        return decided != null && decided.key().equals(key) && decided.rawPath().equals(rawPath)
                ? decided.accepted() : null;
    }

    /**
     * Tells whether this filter already accepted, with this origin, the handshake being upgraded on the calling
     * thread; {@code checkOrigin} then need not look again.
     *
     * @param origin the {@code Origin} the container passes to {@code checkOrigin}
     * @return {@code true} when this filter checked a handshake with this origin on this thread, right now
     */
    static boolean acceptedOrigin(String origin) {
        Decided decided = DECIDED.get();
        return decided != null && Objects.equals(decided.origin(), origin);
    }

    /** Decides an upgrade request: {@code null} when it is not addressed to the stream path. */
    private AccessDecision decide(HttpServletRequest request) {
        if (template == null) {
            String path = CDI.current().select(ServerSentEventHub.class).get().options().webSocketPath();
            access = CDI.current().select(StreamAccess.class).get();
            template = path.isEmpty() ? DISABLED : new PathTemplate(path);
        }
        Map<String, String> variables = template == DISABLED ? null
                : template.match(ServletStreamRequest.pathInContext(request));
        if (variables == null) {
            return null;
        }
        Refused refused = HandshakeRules.check(request.getHeader("Sec-WebSocket-Version"), request.getRequestURI(),
                request.getQueryString());
        return refused != null ? refused
                : access.check(new ServletStreamRequest(request, Transport.WEBSOCKET, variables));
    }

    private static void answer(Refused refused, HttpServletResponse response) throws IOException {
        refused.log(LOG);
        if (refused.status() == AccessDecision.STATUS_UPGRADE_REQUIRED) {
            response.setHeader("Sec-WebSocket-Version", HandshakeRules.VERSION);
        }
        response.setStatus(refused.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(refused.reason().getBytes(StandardCharsets.UTF_8));
    }
}
