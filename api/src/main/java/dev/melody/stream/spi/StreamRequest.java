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
     * @param name the parameter name
     * @return the value, or {@code null} when absent
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
}
