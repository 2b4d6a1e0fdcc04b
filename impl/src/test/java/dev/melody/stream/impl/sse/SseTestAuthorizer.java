package dev.melody.stream.impl.sse;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;

/** Denies the topic {@value #DENIED} and allows every other. */
@ApplicationScoped
public class SseTestAuthorizer implements TopicAuthorizer {

    static final String DENIED = "forbidden";

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        return !DENIED.equals(topic);
    }
}
