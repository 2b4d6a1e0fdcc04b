package dev.melody.stream.spi;

/**
 * Decides whether a connecting client may receive a topic.
 *
 * <p><b>Role.</b> Asked exactly once per connection attempt, after the topic is resolved and before anything is
 * subscribed, on both transports: for SSE by the stream resource; for WebSocket by the library's servlet filter
 * before the upgrade, which hands its decision on to the endpoint (the endpoint asks only where the server upgrades
 * before application filters run). A client that reconnects is a new connection and is asked again. A refusal
 * answers the client with HTTP 403 (or WebSocket close 1008 where a server cannot send a status) and no event flows.
 * Without an application bean of this type, every topic is allowed ({@link #allowAll()}).
 *
 * <p><b>Thread-safety.</b> Called concurrently for different handshakes, on the handshake's thread: implementations
 * must be thread-safe and should not block.
 *
 * <p><b>Lifecycle.</b> An application bean (any scope), or the stateless {@link #allowAll()}.
 */
@FunctionalInterface
public interface TopicAuthorizer {

    /**
     * Decides whether the client may receive the topic.
     *
     * @param request the handshake
     * @param topic the resolved, valid topic
     * @return {@code true} to allow
     */
    boolean isAllowed(StreamRequest request, String topic);

    /**
     * Returns the authorizer that allows every topic.
     *
     * @return the authorizer
     */
    static TopicAuthorizer allowAll() {
        return (request, topic) -> true;
    }
}
