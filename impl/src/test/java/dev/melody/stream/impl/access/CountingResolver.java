package dev.melody.stream.impl.access;

import dev.melody.stream.Transport;
import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicResolver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's resolver that counts its calls per transport and resolved topic, and otherwise resolves as
 * {@link TopicResolver#defaults()}; thread-safe, one per test deployment.
 */
@ApplicationScoped
public class CountingResolver implements TopicResolver {

    private static final TopicResolver DEFAULTS = TopicResolver.defaults();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public String resolve(StreamRequest request) {
        String topic = DEFAULTS.resolve(request);
        calls.computeIfAbsent(request.transport() + ":" + topic, k -> new AtomicInteger()).incrementAndGet();
        return topic;
    }

    /**
     * Returns how often a topic was resolved on a transport.
     *
     * @param transport the transport
     * @param topic the topic
     * @return the number of calls that answered it
     */
    public int calls(Transport transport, String topic) {
        AtomicInteger count = calls.get(transport + ":" + topic);
        return count == null ? 0 : count.get();
    }
}
