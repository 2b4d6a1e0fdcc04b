package dev.melody.stream.impl.sse;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** An application's own SSE resource that speaks the JAX-RS API: it registers its sink with the library's broadcaster. */
@Path("app-sinks/{topic}")
public class AppSinkResource {

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("topic") String topic, @Context SseEventSink sink, @Context Sse sse) {
        CDI.current().select(SseTransport.class).get().broadcaster(topic, sse).register(sink);
    }
}
