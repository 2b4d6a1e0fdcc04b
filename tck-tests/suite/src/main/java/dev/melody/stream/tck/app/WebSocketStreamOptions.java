package dev.melody.stream.tck.app;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;

/**
 * The options of the WebSocket test application: a small read limit (so 1009 is cheap to provoke), a subscriber
 * buffer that holds one batch of the slow-client test, and short write and idle timeouts (so stalled clients and
 * pings happen within a test); everything else at its default.
 */
@ApplicationScoped
public class WebSocketStreamOptions {

    /** The read limit in bytes. */
    public static final int READ_LIMIT = 1024;

    /** The subscriber buffer in events. */
    public static final int SUBSCRIBER_BUFFER = 512;

    /** The write timeout: short, so that the stalled client of the slow-client test is closed soon. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

    /** The ping interval: short, so that a test sees several pings, but longer than the write timeout. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Produces the application's options.
     *
     * @return the options
     */
    @Produces
    public StreamOptions streamOptions() {
        return StreamOptions.builder().readLimit(READ_LIMIT).subscriberBuffer(SUBSCRIBER_BUFFER)
                .writeTimeout(WRITE_TIMEOUT).idleTimeout(IDLE_TIMEOUT).build();
    }
}
