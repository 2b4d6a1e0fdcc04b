package dev.melody.stream.tck.app.security;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicResolver;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's resolver: {@link TopicResolver#principal()}, so each authenticated user receives the topic
 * named after them, whatever the path says.
 *
 * <p>Stateless, so safe on concurrent handshakes; one instance per application.
 */
@ApplicationScoped
public class PrincipalTopicResolver implements TopicResolver {

    private final TopicResolver principal = TopicResolver.principal();

    @Override
    public String resolve(StreamRequest request) {
        return principal.resolve(request);
    }
}
