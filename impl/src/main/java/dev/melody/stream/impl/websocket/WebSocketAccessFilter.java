package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
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

/**
 * Answers refused WebSocket handshakes with an HTTP status before the container upgrades them.
 *
 * <p><b>Role.</b> For a request to {@code webSocketPath} that asks for {@code Upgrade: websocket} (a path that
 * names no topic there, such as {@code /ws/} or {@code /ws}, included), first applies {@link HandshakeRules}
 * (protocol version 13, a request URI that parses), then runs the shared {@link StreamAccess} check (origin, topic,
 * authorization), and answers a refusal with its status (400, 403, 426 or 500) and reason as plain text, which a
 * browser reports as a failed handshake. Every other request passes untouched.
 * Servlet containers that run application filters before their WebSocket upgrade (the usual case) so give every
 * refusal a status; {@link WebSocketStreamConfigurator} repeats the check for any that do not.
 *
 * <p><b>Thread-safety and lifecycle.</b> One instance per application, created by the container from
 * {@link WebSocketRegistrar}; the path template and access check are looked up once, on the first upgrade request
 * (racing first requests may each look them up; the results are equal).
 */
public final class WebSocketAccessFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(WebSocketAccessFilter.class.getName());

    /** Stands for "no WebSocket path configured": no request is checked. */
    private static final PathTemplate DISABLED = new PathTemplate("/");

    private volatile PathTemplate template;          // null until the first upgrade request
    private volatile StreamAccess access;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && "websocket".equalsIgnoreCase(http.getHeader("Upgrade")) && refused(http, answer)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean refused(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (template == null) {
            String path = CDI.current().select(ServerSentEventHub.class).get().options().webSocketPath();
            access = CDI.current().select(StreamAccess.class).get();
            template = path.isEmpty() ? DISABLED : new PathTemplate(path);
        }
        Map<String, String> variables = template == DISABLED ? null
                : template.match(ServletStreamRequest.pathInContext(request));
        if (variables == null) {
            return false;
        }
        Refused refused = HandshakeRules.check(request.getHeader("Sec-WebSocket-Version"), request.getRequestURI(),
                request.getQueryString());
        if (refused == null) {
            AccessDecision decision = access.check(new ServletStreamRequest(request, Transport.WEBSOCKET, variables));
            if (!(decision instanceof Refused refusal)) {
                return false;
            }
            refused = refusal;
        }
        refused.log(LOG);
        if (refused.status() == AccessDecision.STATUS_UPGRADE_REQUIRED) {
            response.setHeader("Sec-WebSocket-Version", HandshakeRules.VERSION);
        }
        response.setStatus(refused.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(refused.reason().getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
