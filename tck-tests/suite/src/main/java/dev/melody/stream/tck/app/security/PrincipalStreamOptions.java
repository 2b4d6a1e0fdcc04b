package dev.melody.stream.tck.app.security;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The options of the per-user application: both transports at a fixed path with no topic in it
 * ({@value #WEB_SOCKET_PATH}, {@value #SSE_PATH}), since the topic comes from the principal; everything else at
 * its default.
 */
@ApplicationScoped
public class PrincipalStreamOptions {

    /** The WebSocket path. */
    public static final String WEB_SOCKET_PATH = "/ws/me";

    /** The SSE path. */
    public static final String SSE_PATH = "/melody/events/me";

    /**
     * Produces the application's options.
     *
     * @return the options
     */
    @Produces
    public StreamOptions streamOptions() {
        return StreamOptions.builder().webSocketPath(WEB_SOCKET_PATH).ssePath(SSE_PATH).build();
    }
}
