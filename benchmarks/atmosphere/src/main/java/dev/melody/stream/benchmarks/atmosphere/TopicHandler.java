package dev.melody.stream.benchmarks.atmosphere;

import java.io.IOException;
import org.atmosphere.cpr.AtmosphereHandler;
import org.atmosphere.cpr.AtmosphereRequest;
import org.atmosphere.cpr.AtmosphereResource;
import org.atmosphere.cpr.AtmosphereResourceEvent;
import org.atmosphere.cpr.AtmosphereResponse;
import org.atmosphere.cpr.Broadcaster;

/**
 * The Atmosphere side of the comparison, as an application writes it with Atmosphere's own API: every client of
 * {@code /atmo/{topic}} is suspended on the topic's {@link Broadcaster} (made on first use), and each message the
 * broadcaster delivers is written to the client as it is, one WebSocket text frame, or for SSE
 * ({@code X-Atmosphere-Transport=sse}) one {@code data:} event, flushed. An SSE stream is sent a comment first,
 * through the broadcaster to that client alone (as the raw SSE baseline sends one); on Open Liberty even that reaches
 * the client only with the first message (Atmosphere's response holds it back), so the load client counts these
 * streams open at the response head and waits for the server's count, as for every target.
 *
 * <p>Thread-safety: stateless; Atmosphere calls {@link #onRequest} on the request's (or the WebSocket's) thread and
 * {@link #onStateChange} on its broadcaster's threads, one message of a client at a time. Lifecycle: Atmosphere
 * creates one at start (the {@code org.atmosphere.cpr.AtmosphereHandler} init parameter).
 */
public class TopicHandler implements AtmosphereHandler {

    /** An SSE comment; the publisher's messages start with a number, so none is equal to it. */
    static final String OPENING_COMMENT = ": atmosphere open";
    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    public void onRequest(AtmosphereResource resource) throws IOException {
        AtmosphereRequest request = resource.getRequest();
        AtmosphereResponse response = resource.getResponse();
        String topic = topic(request.getRequestURI());
        if (!"GET".equals(request.getMethod()) || topic.isEmpty()) {
            response.sendError(400, "GET /atmo/{topic} only");
            return;
        }
        Broadcaster broadcaster = resource.getAtmosphereConfig().getBroadcasterFactory().lookup(topic, true);
        if (resource.transport() == AtmosphereResource.TRANSPORT.SSE) {
            response.setContentType(EVENT_STREAM);
            response.setCharacterEncoding("UTF-8");
        }
        resource.setBroadcaster(broadcaster);
        resource.suspend();
        if (resource.transport() == AtmosphereResource.TRANSPORT.SSE) {
            broadcaster.broadcast(OPENING_COMMENT, resource);   // to this client only; see onStateChange
        }
    }

    @Override
    public void onStateChange(AtmosphereResourceEvent event) throws IOException {
        Object message = event.getMessage();
        if (message == null || event.isCancelled() || event.isClosedByClient() || event.isClosedByApplication()) {
            return;
        }
        AtmosphereResource resource = event.getResource();
        AtmosphereResponse response = resource.getResponse();
        if (resource.transport() == AtmosphereResource.TRANSPORT.SSE) {
            response.write(OPENING_COMMENT.equals(message) ? OPENING_COMMENT + "\n\n" : "data: " + message + "\n\n");
            response.flushBuffer();
        } else {
            response.write(message.toString());
        }
    }

    @Override
    public void destroy() {
        // nothing of its own to release: the broadcasters are Atmosphere's
    }

    /** The last path segment of a request URI, without a query. */
    static String topic(String uri) {
        String path = uri == null ? "" : uri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
