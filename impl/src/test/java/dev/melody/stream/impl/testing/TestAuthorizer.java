package dev.melody.stream.impl.testing;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's {@link TopicAuthorizer} in every in-process deployment: denies the topic {@value #DENIED} and
 * allows every other, on both transports.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless; one per deployment ({@code @ApplicationScoped}), called from
 * handshake threads concurrently.
 */
@ApplicationScoped
public class TestAuthorizer implements TopicAuthorizer {

    /** The one topic this authorizer refuses. */
    public static final String DENIED = "forbidden";

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        return !DENIED.equals(topic);
    }
}
