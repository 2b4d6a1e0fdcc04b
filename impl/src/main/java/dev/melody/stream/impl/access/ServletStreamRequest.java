package dev.melody.stream.impl.access;

import dev.melody.stream.Transport;
import dev.melody.stream.spi.StreamRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StreamRequest} over a servlet request, for checks that run before a WebSocket upgrade or an SSE response.
 *
 * <p><b>Role.</b> The servlet adapter of the access check; path parameters come from the transport's configured
 * {@link PathTemplate}, matched against the path below the context root; query parameters from the raw query
 * ({@link QueryString}), as on the other transports.
 *
 * <p><b>Thread-safety and lifecycle.</b> Created per request and used on the request's thread only, like the
 * request it wraps.
 */
public final class ServletStreamRequest implements StreamRequest {

    private final HttpServletRequest request;
    private final Transport transport;
    private final Map<String, String> pathParameters;

    /**
     * Wraps a request.
     *
     * @param request the servlet request
     * @param transport the transport the client asks for
     * @param pathParameters the variables of the configured path, from {@link PathTemplate#match(String)}
     */
    public ServletStreamRequest(HttpServletRequest request, Transport transport, Map<String, String> pathParameters) {
        this.request = request;
        this.transport = transport;
        this.pathParameters = Map.copyOf(pathParameters);
    }

    /**
     * Returns the request path below the context root, still percent-encoded.
     *
     * @param request the servlet request
     * @return the path, such as {@code /ws/device-42}
     */
    public static String pathInContext(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public String queryParameter(String name) {
        return QueryString.parameter(request.getQueryString(), name);
    }

    @Override
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(request.getUserPrincipal());
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public String scheme() {
        return OriginPolicy.requestScheme(request.getHeader("X-Forwarded-Proto"), request.getScheme());
    }
}
