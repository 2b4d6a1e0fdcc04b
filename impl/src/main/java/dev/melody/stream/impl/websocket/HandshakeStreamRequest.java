package dev.melody.stream.impl.websocket;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.OriginPolicy;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.QueryString;
import dev.melody.stream.spi.StreamRequest;
import jakarta.websocket.server.HandshakeRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StreamRequest} over a WebSocket {@link HandshakeRequest}: the WebSocket adapter of the access check.
 *
 * <p><b>Role.</b> Headers are looked up case-insensitively; query parameters are parsed from the raw query string
 * ({@link QueryString}, so every container answers alike); path parameters come from matching the configured {@link PathTemplate}
 * against the tail of the request path, since a handshake request carries none itself.
 *
 * <p><b>Thread-safety and lifecycle.</b> Created per handshake in {@code modifyHandshake} and used only there.
 */
final class HandshakeStreamRequest implements StreamRequest {

    private final HandshakeRequest request;
    private final Map<String, String> pathParameters;

    HandshakeStreamRequest(HandshakeRequest request, PathTemplate template) {
        this.request = request;
        Map<String, String> matched = template.matchTail(request.getRequestURI().getRawPath());
        this.pathParameters = matched == null ? Map.of() : matched;
    }

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Override
    public String header(String name) {
        Map<String, List<String>> headers = request.getHeaders();
        List<String> values = headers.get(name);
        if (values == null) {
            values = headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return values == null || values.isEmpty() ? null : values.get(0);
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
        return OriginPolicy.requestScheme(header("X-Forwarded-Proto"), request.getRequestURI().getScheme());
    }
}
