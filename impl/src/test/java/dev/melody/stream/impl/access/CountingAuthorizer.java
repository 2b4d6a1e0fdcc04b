package dev.melody.stream.impl.access;

import dev.melody.stream.Transport;
import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's authorizer that denies topics starting with {@value #DENIED_PREFIX} and counts its calls per
 * transport and topic; thread-safe, one per test deployment. An enabled alternative, so it takes the place of the
 * test deployment's default authorizer.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CountingAuthorizer implements TopicAuthorizer {

    /** The prefix of the topics nobody may receive. */
    public static final String DENIED_PREFIX = "denied-";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        calls.computeIfAbsent(request.transport() + ":" + topic, k -> new AtomicInteger()).incrementAndGet();
        return !topic.startsWith(DENIED_PREFIX);
    }

    /**
     * Returns how often a topic was asked for on a transport.
     *
     * @param transport the transport
     * @param topic the topic
     * @return the number of calls
     */
    public int calls(Transport transport, String topic) {
        AtomicInteger count = calls.get(transport + ":" + topic);
        return count == null ? 0 : count.get();
    }
}
