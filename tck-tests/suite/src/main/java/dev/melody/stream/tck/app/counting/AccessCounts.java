package dev.melody.stream.tck.app.counting;

import dev.melody.stream.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often the application's resolver and authorizer were asked, per transport and topic.
 *
 * <p>Thread-safe: handshakes count concurrently, probes read concurrently. One per application.
 */
@ApplicationScoped
public class AccessCounts {

    private final Map<String, AtomicInteger> resolved = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> authorized = new ConcurrentHashMap<>();

    /**
     * Counts one call of the resolver.
     *
     * @param transport the transport of the handshake
     * @param topic the topic the resolver answered, or {@code null}
     */
    void resolved(Transport transport, String topic) {
        resolved.computeIfAbsent(key(transport, topic), k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Counts one call of the authorizer.
     *
     * @param transport the transport of the handshake
     * @param topic the topic asked for
     */
    void authorized(Transport transport, String topic) {
        authorized.computeIfAbsent(key(transport, topic), k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Returns how often the resolver answered a topic on a transport.
     *
     * @param transport the transport
     * @param topic the topic
     * @return the count, 0 when never
     */
    int resolvedCount(Transport transport, String topic) {
        AtomicInteger count = resolved.get(key(transport, topic));
        return count == null ? 0 : count.get();
    }

    /**
     * Returns how often the authorizer was asked for a topic on a transport.
     *
     * @param transport the transport
     * @param topic the topic
     * @return the count, 0 when never
     */
    int authorizedCount(Transport transport, String topic) {
        AtomicInteger count = authorized.get(key(transport, topic));
        return count == null ? 0 : count.get();
    }

    private static String key(Transport transport, String topic) {
        return transport + ":" + topic;
    }
}
