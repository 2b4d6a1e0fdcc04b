package dev.melody.stream.spi;

import java.security.Principal;
import java.util.List;
import java.util.Objects;

/**
 * Decides which topic a connecting client subscribes to, once per connection.
 *
 * <p><b>Role.</b> Both transports ask the application's {@code TopicResolver} bean, if it provides one, else
 * {@link #defaults()} (path parameter {@code topic}, else query parameter {@code topic}), exactly once per
 * connection attempt: for WebSocket the library's servlet filter resolves the topic before the upgrade and hands it
 * on to the endpoint, which resolves it itself only where the server upgrades before application filters run. Query
 * parameters are read from the raw query string the same way on both transports and every server (first value,
 * percent-decoded as UTF-8, {@code +} as a space, a malformed escape kept as sent). A {@code null} result
 * means "no topic": the client is refused before any event flows. A result that breaks the topic rule
 * ({@link dev.melody.stream.Topics}) is refused the same way; nothing is trimmed or altered.
 *
 * <p><b>Thread-safety.</b> Called concurrently for different handshakes, on the handshake's thread: implementations
 * must be thread-safe and should not block.
 *
 * <p><b>Lifecycle.</b> An application bean (any scope) or one of the built-ins below, which are stateless.
 */
@FunctionalInterface
public interface TopicResolver {

    /**
     * Resolves the topic for a handshake.
     *
     * @param request the handshake
     * @return the topic, or {@code null} when the request names none
     */
    String resolve(StreamRequest request);

    /**
     * Returns the default resolver: path parameter {@code topic}, else query parameter {@code topic}.
     *
     * @return the default resolver
     */
    static TopicResolver defaults() {
        return firstOf(pathParameter("topic"), queryParameter("topic"));
    }

    /**
     * Returns a resolver that takes a path parameter of the configured path template.
     *
     * @param name the template variable's name
     * @return the resolver
     */
    static TopicResolver pathParameter(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.pathParameter(name);
    }

    /**
     * Returns a resolver that takes a query parameter.
     *
     * @param name the parameter name
     * @return the resolver
     */
    static TopicResolver queryParameter(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.queryParameter(name);
    }

    /**
     * Returns a resolver that takes a request header, such as {@code X-Device-Id}.
     *
     * @param name the header name, case-insensitive
     * @return the resolver
     */
    static TopicResolver header(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.header(name);
    }

    /**
     * Returns a resolver that uses the authenticated user's name, so each user has a private topic; anonymous
     * clients get no topic and are refused.
     *
     * @return the resolver
     */
    static TopicResolver principal() {
        return request -> request.principal().map(Principal::getName).orElse(null);
    }

    /**
     * Returns a resolver that asks each given resolver in turn and takes the first non-null, non-empty answer.
     *
     * @param resolvers the resolvers, in order
     * @return the combined resolver
     */
    static TopicResolver firstOf(TopicResolver... resolvers) {
        List<TopicResolver> chain = List.of(resolvers);
        return request -> {
            for (TopicResolver resolver : chain) {
                String topic = resolver.resolve(request);
                if (topic != null && !topic.isEmpty()) {
                    return topic;
                }
            }
            return null;
        };
    }
}
