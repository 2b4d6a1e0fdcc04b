package dev.melody.stream;

import java.security.Principal;
import java.util.Optional;

/**
 * One client connection of either transport, as the application sees it in CDI events.
 *
 * <p><b>Role.</b> Carried by {@link InboundMessage}, {@link StreamOpened} and {@link StreamClosed}; lets the
 * application answer or close one client without going through the topic.
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread. {@link #send(ServerSentEvent)} does not
 * write to the socket itself: it queues behind the connection's pending events and is written by the connection's
 * single writer, so it never blocks and never overlaps another write.
 *
 * <p><b>Lifecycle.</b> Created by a transport when a client is accepted; open until the client leaves or is
 * closed. After that, {@link #send(ServerSentEvent)} returns {@code false} and {@link #close(int, String)} does
 * nothing.
 */
public interface StreamConnection {

    /**
     * Returns the connection's id, unique within the application while it runs.
     *
     * @return the id
     */
    String id();

    /**
     * Returns the topic the connection subscribed to.
     *
     * @return the topic
     */
    String topic();

    /**
     * Returns the transport the client used.
     *
     * @return the transport
     */
    Transport transport();

    /**
     * Returns the authenticated user of the handshake, if any.
     *
     * @return the principal, or empty for an anonymous client
     */
    Optional<Principal> principal();

    /**
     * Tells whether the connection is still open.
     *
     * @return {@code true} while open
     */
    boolean isOpen();

    /**
     * Sends an event to this client only, formatted as broadcasts are.
     *
     * @param event the event
     * @return {@code true} if queued, {@code false} if the connection is closed or its overflow policy dropped it
     */
    boolean send(ServerSentEvent event);

    /**
     * Closes the connection. For WebSocket the code and reason go into the close frame; an SSE stream is
     * completed. Idempotent.
     *
     * @param code a WebSocket close code (1000 for a normal close)
     * @param reason a short reason, at most 123 bytes in UTF-8
     */
    void close(int code, String reason);
}
