package dev.melody.stream.impl.websocket;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.spi.StreamRequest;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StreamRequest} over a WebSocket {@link HandshakeRequest}: the WebSocket adapter of the access check.
 *
 * <p><b>Role.</b> Headers are looked up case-insensitively; query parameters are parsed from the raw query string
 * (so every container answers alike); path parameters come from matching the configured {@link PathTemplate}
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
        return queryParameter(request.getQueryString(), name);
    }

    /** Returns the first value of a parameter in a raw query string, decoded, or {@code null}. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
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
}
