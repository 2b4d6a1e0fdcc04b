package dev.melody.stream.tck.app;

import dev.melody.stream.sse.SseBroadcasters;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.TimeUnit;

/**
 * An application's own SSE resource that speaks the JAX-RS SSE API and knows the library only through the API type
 * {@link SseBroadcasters}: it registers its clients' sinks with a topic's broadcaster and broadcasts through it.
 * Answers of the {@code POST}s are plain-text {@code key=value} lines.
 */
@Path("")
@RequestScoped
public class OwnSinkResource {

    @Inject
    SseBroadcasters broadcasters;

    @Context
    Sse sse;

    /**
     * Opens a stream of the topic's broadcasts, on the application's own path.
     *
     * @param topic the topic
     * @param sink the client's sink
     */
    @GET
    @Path("sinks/{topic}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("topic") String topic, @Context SseEventSink sink) {
        broadcasters.forTopic(topic, sse).register(sink);
    }

    /**
     * Broadcasts one event through the topic's broadcaster.
     *
     * @param topic the topic
     * @param name the event name
     * @param data the event data
     * @return {@code delivered=<local subscribers reached>}
     * @throws Exception if the broadcast does not complete within 20 seconds
     */
    @POST
    @Path("broadcast/{topic}")
    @Produces(MediaType.TEXT_PLAIN)
    public String broadcast(@PathParam("topic") String topic, @QueryParam("name") String name,
                            @QueryParam("data") String data) throws Exception {
        Object delivered = broadcasters.forTopic(topic, sse).broadcast(sse.newEventBuilder().name(name).data(data)
                .build()).toCompletableFuture().get(20, TimeUnit.SECONDS);
        return "delivered=" + delivered + "\n";
    }

    /**
     * Closes the topic's broadcaster, then tells what a closed one says and whether the next is new.
     *
     * @param topic the topic
     * @return {@code error=<the closed broadcaster's message>} and {@code fresh=<true if forTopic gave a new one>}
     */
    @POST
    @Path("close/{topic}")
    @Produces(MediaType.TEXT_PLAIN)
    public String close(@PathParam("topic") String topic) {
        SseBroadcaster closed = broadcasters.forTopic(topic, sse);
        closed.close();
        String error;
        try {
            closed.onClose(sink -> { });
            error = "none";
        } catch (IllegalStateException e) {
            error = e.getMessage();
        }
        return "error=" + error + "\nfresh=" + (broadcasters.forTopic(topic, sse) != closed) + "\n";
    }
}
