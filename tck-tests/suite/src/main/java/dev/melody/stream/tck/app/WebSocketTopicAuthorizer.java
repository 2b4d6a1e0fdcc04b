package dev.melody.stream.tck.app;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;

/** The application's authorizer: every topic but {@value #DENIED}. */
@ApplicationScoped
public class WebSocketTopicAuthorizer implements TopicAuthorizer {

    /** The topic nobody may receive. */
    public static final String DENIED = "forbidden";

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        return !DENIED.equals(topic);
    }
}
