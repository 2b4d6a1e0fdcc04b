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
 * <p><b>Role.</b> Headers come from {@link HttpHeaders} (case-insensitive), query parameters from {@link UriInfo}'s
 * still-encoded parameters, decoded by {@link QueryString} (a malformed escape is kept as sent, where the decoded
 * {@code getQueryParameters()} throws on some runtimes); where even the encoded ones throw (Open Liberty), from the
 * servlet request's raw query, the user from {@link SecurityContext}, and path parameters from matching the configured
 * {@link PathTemplate} against the tail of the request path, so they carry the names the application chose in
 * {@code ssePath}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Created per request by {@link SseStreamResource} and used only during it,
 * on the request's thread.
 */
final class SseStreamRequest implements StreamRequest {

    private final HttpHeaders headers;
    private final UriInfo uri;
    private final SecurityContext security;
    private final Map<String, String> pathParameters;
    private final Supplier<String> rawQuery;              // where UriInfo refuses a malformed query

    SseStreamRequest(HttpHeaders headers, UriInfo uri, SecurityContext security, Map<String, String> pathParameters) {
        this(headers, uri, security, pathParameters, SseStreamRequest::servletQuery);
    }

    SseStreamRequest(HttpHeaders headers, UriInfo uri, SecurityContext security, Map<String, String> pathParameters,
                     Supplier<String> rawQuery) {
        this.headers = headers;
        this.uri = uri;
        this.security = security;
        this.pathParameters = Map.copyOf(pathParameters);
        this.rawQuery = rawQuery;
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
        try {
            String raw = uri.getQueryParameters(false).getFirst(name);
            return raw == null ? null : QueryString.decode(raw);
        } catch (RuntimeException malformed) {         // a runtime that parses even the encoded form strictly
            return QueryString.parameter(rawQuery.get(), name);
        }
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
