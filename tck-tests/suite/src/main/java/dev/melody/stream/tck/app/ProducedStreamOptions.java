package dev.melody.stream.tck.app;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * An application's options producer, deployed only where a test wants options from CDI: a small subscriber
 * buffer and history, every other option at its default.
 */
@ApplicationScoped
public class ProducedStreamOptions {

    /** The subscriber buffer this producer sets. */
    public static final int SUBSCRIBER_BUFFER = 3;

    /** The history size this producer sets. */
    public static final int HISTORY_SIZE = 5;

    /**
     * Produces the application's options; dependent scope, since a record cannot be proxied.
     *
     * @return the options
     */
    @Produces
    public StreamOptions streamOptions() {
        return StreamOptions.builder().subscriberBuffer(SUBSCRIBER_BUFFER).historySize(HISTORY_SIZE).build();
    }
}
