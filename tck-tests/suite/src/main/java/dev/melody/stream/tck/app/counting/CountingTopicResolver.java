package dev.melody.stream.tck.app.counting;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The application's resolver: the library's default resolution, counted in {@link AccessCounts}. */
@ApplicationScoped
public class CountingTopicResolver implements TopicResolver {

    private static final TopicResolver DEFAULTS = TopicResolver.defaults();

    @Inject
    private AccessCounts counts;

    @Override
    public String resolve(StreamRequest request) {
        String topic = DEFAULTS.resolve(request);
        counts.resolved(request.transport(), topic);
        return topic;
    }
}
