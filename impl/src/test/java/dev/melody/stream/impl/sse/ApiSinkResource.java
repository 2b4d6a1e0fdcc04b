package dev.melody.stream.impl.sse;

import dev.melody.stream.sse.SseBroadcasters;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * An application's own SSE resource that knows only the API: it looks up {@link SseBroadcasters} by that type and
 * registers its sink with the topic's broadcaster.
 */
@Path("api-sinks/{topic}")
public class ApiSinkResource {

    /**
     * Opens a stream of the topic's broadcasts.
     *
     * @param topic the topic from the path
     * @param sink the client's sink
     * @param sse the container's SSE API
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("topic") String topic, @Context SseEventSink sink, @Context Sse sse) {
        CDI.current().select(SseBroadcasters.class).get().forTopic(topic, sse).register(sink);
    }
}
