package dev.melody.stream.tck.app;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The options of the WebSocket test application: a small read limit (so 1009 is cheap to provoke) and a
 * subscriber buffer that holds one batch of the slow-client test; everything else at its default.
 */
@ApplicationScoped
public class WebSocketStreamOptions {

    /** The read limit in bytes. */
    public static final int READ_LIMIT = 1024;

    /** The subscriber buffer in events. */
    public static final int SUBSCRIBER_BUFFER = 512;

    /**
     * Produces the application's options.
     *
     * @return the options
     */
    @Produces
    public StreamOptions streamOptions() {
        return StreamOptions.builder().readLimit(READ_LIMIT).subscriberBuffer(SUBSCRIBER_BUFFER).build();
    }
}
