package dev.melody.stream.impl.sse;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.OriginPolicy;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.QueryString;
import dev.melody.stream.spi.StreamRequest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link StreamRequest} over a JAX-RS request: the SSE adapter of the shared access check.
 *
 * <p><b>Role.</b> Headers come from {@link HttpHeaders} (case-insensitive); query parameters from the raw query
 * string of {@link UriInfo#getRequestUri()}, parsed by {@link QueryString} exactly as the servlet and WebSocket
 * adapters parse theirs (the JAX-RS runtimes' own parameter maps differ in how they decode names and {@code +}, and
 * their decoded {@code getQueryParameters()} throws on a malformed escape on some runtimes); where the runtime
 * cannot even build the request URI (Open Liberty, for a malformed escape), the servlet request's raw query. The user
 * comes from {@link SecurityContext}, and path parameters from matching the configured {@link PathTemplate} against
 * the tail of the request path, so they carry the names the application chose in {@code ssePath}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Created per request by {@link SseStreamResource} and used only during it,
 * on the request's thread.
 */
final class SseStreamRequest implements StreamRequest {

    private final HttpHeaders headers;
    private final UriInfo uri;
    private final SecurityContext security;
    private final Map<String, String> pathParameters;
    private final Supplier<String> servletQuery;          // where UriInfo cannot build the request URI
    private String rawQuery;                              // read on first use; "" for none

    SseStreamRequest(HttpHeaders headers, UriInfo uri, SecurityContext security, Map<String, String> pathParameters) {
        this(headers, uri, security, pathParameters, SseStreamRequest::servletQuery);
    }

    SseStreamRequest(HttpHeaders headers, UriInfo uri, SecurityContext security, Map<String, String> pathParameters,
                     Supplier<String> servletQuery) {
        this.headers = headers;
        this.uri = uri;
        this.security = security;
        this.pathParameters = Map.copyOf(pathParameters);
        this.servletQuery = servletQuery;
    }

    /**
     * Matches the request path against the configured template.
     *
     * @param template the {@code ssePath} template, or {@code null} when the transport is disabled
     * @param uri the request's URI information
     * @return the template's variables, or {@code null} when the path is not the configured one
     */
    static Map<String, String> pathParameters(PathTemplate template, UriInfo uri) {
        return template == null ? null : template.matchTail(uri.getAbsolutePath().getRawPath());
    }

    @Override
    public Transport transport() {
        return Transport.SSE;
    }

    @Override
    public String header(String name) {
        return headers.getHeaderString(name);
    }

    @Override
    public String queryParameter(String name) {
        return QueryString.parameter(rawQuery(), name);
    }

    /** The request's raw query without {@code ?}, or {@code null}; read once. */
    private String rawQuery() {
        String query = rawQuery;
        if (query == null) {
            String read;
            try {
                read = uri.getRequestUri().getRawQuery();
            } catch (RuntimeException malformed) {     // a runtime that cannot build the URI of a malformed query
                read = servletQuery.get();
            }
            query = read == null ? "" : read;
            rawQuery = query;
        }
        return query;
    }

    /** The raw query of the servlet request being served (CDI's built-in bean), or {@code null} without one. */
    private static String servletQuery() {
        try {
            return CDI.current().select(HttpServletRequest.class).get().getQueryString();
        } catch (RuntimeException noServletRequest) {
            return null;
        }
    }

    @Override
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(security == null ? null : security.getUserPrincipal());
    }

    @Override
    public boolean isUserInRole(String role) {
        return security != null && security.isUserInRole(role);
    }

    @Override
    public String scheme() {
        return OriginPolicy.requestScheme(header("X-Forwarded-Proto"), uri.getBaseUri().getScheme());
    }
}
