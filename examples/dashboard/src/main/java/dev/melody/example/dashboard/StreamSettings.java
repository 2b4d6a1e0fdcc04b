package dev.melody.example.dashboard;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.WebSocketFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Melody Stream options for this application: WebSocket frames carry the JSON envelope (id, event, data), so the
 * page sees event types on both transports and can resume its WebSocket with {@code ?lastEventId=}.
 */
@ApplicationScoped
public class StreamSettings {

    @Produces
    StreamOptions options() {
        return StreamOptions.builder().webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build();
    }
}
