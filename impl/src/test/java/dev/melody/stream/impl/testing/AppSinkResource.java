package dev.melody.stream.impl.testing;

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
 * An application's own SSE resource that speaks the JAX-RS API: it registers its sink with the library's
 * broadcaster for the topic, at {@code app-sinks/{topic}} beside the library's SSE resource.
 *
 * <p><b>Thread-safety and lifecycle.</b> A JAX-RS resource, instantiated by Jersey per request; it looks the
 * transport up through {@link CDI#current()} since Jersey, not Weld, creates it in the embedded runtime.
 */
@Path("app-sinks/{topic}")
public class AppSinkResource {

    /**
     * Hands the client's sink to the library's broadcaster of the topic.
     *
     * @param topic the topic from the path
     * @param sink the client's event sink
     * @param sse the runtime's SSE factory
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("topic") String topic, @Context SseEventSink sink, @Context Sse sse) {
        CDI.current().select(SseBroadcasters.class).get().forTopic(topic, sse).register(sink);
    }
}
