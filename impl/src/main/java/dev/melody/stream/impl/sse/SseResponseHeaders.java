package dev.melody.stream.impl.sse;

import dev.melody.stream.impl.access.OriginPolicy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Adds the headers every response of the library's SSE application carries: no caching, no proxy buffering, and
 * CORS for allowed origins.
 *
 * <p><b>Role.</b> {@code Cache-Control: no-cache} and {@code X-Accel-Buffering: no} keep caches and buffering
 * proxies (nginx) from holding events back. When the request has an {@code Origin} that the origin policy allows
 * (the same rule as WebSocket handshakes: same-origin by default, else {@code originPatterns}), the response gets
 * {@code Access-Control-Allow-Origin} with that origin, {@code Access-Control-Allow-Credentials: true} (for
 * {@code EventSource} with {@code withCredentials}) and {@code Vary: Origin}. A refused origin never reaches a
 * stream: {@link SseStreamResource} answers it with 403, which carries no CORS header.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless; one instance per JAX-RS application, registered by
 * {@link SseApplication} (no {@code @Provider} annotation, so an application's own resources are never affected),
 * called concurrently for different requests.
 */
public class SseResponseHeaders implements ContainerResponseFilter {

    static final String CACHE_CONTROL = "Cache-Control";
    static final String NO_CACHE = "no-cache";
    static final String ACCEL_BUFFERING = "X-Accel-Buffering";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle(CACHE_CONTROL, NO_CACHE);
        headers.putSingle(ACCEL_BUFFERING, "no");
        String origin = request.getHeaderString("Origin");
        if (origin != null && origins().allows(origin, request.getHeaderString("Host"))) {
            headers.putSingle(ALLOW_ORIGIN, origin.trim());
            headers.putSingle(ALLOW_CREDENTIALS, "true");
            headers.add("Vary", "Origin");
        }
    }

    private static OriginPolicy origins() {
        return CDI.current().select(SseTransport.class).get().access().origins();
    }
}
