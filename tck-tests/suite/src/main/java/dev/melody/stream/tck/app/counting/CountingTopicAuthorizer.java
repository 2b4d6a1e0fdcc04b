package dev.melody.stream.tck.app.counting;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The application's authorizer: denies topics that start with {@value #DENIED_PREFIX}; every call is counted in
 * {@link AccessCounts}.
 */
@ApplicationScoped
public class CountingTopicAuthorizer implements TopicAuthorizer {

    /** The prefix of the topics nobody may receive. */
    public static final String DENIED_PREFIX = "denied-";

    @Inject
    private AccessCounts counts;

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        counts.authorized(request.transport(), topic);
        return !topic.startsWith(DENIED_PREFIX);
    }
}
