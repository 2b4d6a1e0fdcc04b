package dev.melody.stream.tck.app;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;

/**
 * The options of the SSE test applications: a short heartbeat, so closed clients are found quickly, and a subscriber
 * buffer that holds one batch of the slow-client test; everything else at its default.
 */
@ApplicationScoped
public class SseStreamOptions {

    /** The heartbeat interval. */
    public static final Duration HEARTBEAT = Duration.ofMillis(200);

    /** The subscriber buffer in events. */
    public static final int SUBSCRIBER_BUFFER = 512;

    /**
     * Produces the application's options.
     *
     * @return the options
     */
    @Produces
    public StreamOptions streamOptions() {
        return StreamOptions.builder().sseHeartbeat(HEARTBEAT).subscriberBuffer(SUBSCRIBER_BUFFER).build();
    }
}
