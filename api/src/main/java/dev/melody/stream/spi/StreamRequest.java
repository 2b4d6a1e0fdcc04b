package dev.melody.stream.spi;

import dev.melody.stream.Transport;
import java.security.Principal;
import java.util.Optional;

/**
 * A transport-neutral view of a client's handshake: the WebSocket upgrade request or the SSE GET request.
 *
 * <p><b>Role.</b> What {@link TopicResolver} and {@link TopicAuthorizer} look at, so one resolver and one
 * authorizer serve both transports.
 *
 * <p><b>Thread-safety and lifecycle.</b> Created by a transport for one handshake and used only during it, on
 * the handshake's thread; do not keep it.
 */
public interface StreamRequest {

    /**
     * Returns the transport the client is using.
     *
     * @return the transport
     */
    Transport transport();

    /**
     * Returns the first value of a request header.
     *
     * @param name the header name, case-insensitive
     * @return the value, or {@code null} when absent
     */
    String header(String name);

    /**
     * Returns the first value of a query parameter, decoded.
     *
     * <p>Every transport reads the raw query string the same way (UTF-8, {@code +} as a space); a malformed
     * {@code %} escape is returned as sent rather than failing the request.
     *
     * @param name the parameter name
     * @return the value ({@code ""} for {@code ?name} or {@code ?name=}), or {@code null} when absent
     */
    String queryParameter(String name);

    /**
     * Returns a path parameter of the configured path template, such as {@code topic} in {@code /ws/{topic}}.
     *
     * @param name the template variable's name
     * @return the decoded value, or {@code null} when the template has no such variable
     */
    String pathParameter(String name);

    /**
     * Returns the authenticated user.
     *
     * @return the principal, or empty for an anonymous client
     */
    Optional<Principal> principal();

    /**
     * Tells whether the authenticated user has a role.
     *
     * @param role the role name
     * @return {@code true} if the user is authenticated and has the role
     */
    boolean isUserInRole(String role);

    /**
     * Returns the scheme the client connected with, as a browser's {@code Origin} names it: {@code http} or
     * {@code https} ({@code ws} and {@code wss} are reported as those). A first {@code X-Forwarded-Proto} value,
     * set by a TLS-terminating proxy, wins over the connection's own scheme. The same-origin rule compares it with
     * the origin's scheme.
     *
     * @return the scheme in lower case, or {@code null} when the runtime does not tell (the rule then compares
     *         host and port only)
     */
    default String scheme() {
        return null;
    }
}
