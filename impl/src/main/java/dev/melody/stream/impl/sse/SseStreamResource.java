package dev.melody.stream.impl.sse;

import dev.melody.stream.impl.connection.Connection;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Map;

/**
 * The JAX-RS resource at {@code ssePath} ({@code /melody/events/{topic}}): a thin adapter from an SSE request to the
 * topic's {@link SseTopicBroadcaster}.
 *
 * <p><b>Role.</b> A sub-resource locator runs the shared access check (origin, topic resolution, topic rule,
 * authorization) before any sink exists: a refused request gets a {@link Refusal} that answers with the refusal's
 * status (400 or 403, 500 when the application's resolver or authorizer failed) and reason as plain text; an
 * accepted one gets a {@link Stream}, whose {@code GET} registers the client's sink with the topic's broadcaster,
 * replaying after the {@code Last-Event-ID} header (or {@code lastEventId} query parameter). A CORS preflight
 * ({@code OPTIONS}) is checked for its origin only, since it carries no credentials. A request whose path is not the
 * configured {@code ssePath} (or any request while it is empty) gets 404.
 *
 * <p><b>Thread-safety.</b> Stateless; a new instance per request, as JAX-RS makes it.
 *
 * <p><b>Lifecycle.</b> Registered by {@link SseApplication}; the stream it opens lives on in its
 * {@link Connection} after the request method returns.
 */
@Path("events")
public class SseStreamResource {

    static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";
    static final String TEXT_NOT_FOUND = "no SSE stream at this path";
    static final String PREFLIGHT_HEADERS = "Last-Event-ID, Cache-Control";
    static final String PREFLIGHT_MAX_AGE = "600";

    private static final System.Logger LOG = System.getLogger(SseStreamResource.class.getName());

    /**
     * Decides what serves the request: a stream, a preflight answer, or a refusal.
     *
     * @param request the request, for its method
     * @param headers the request headers
     * @param uri the request URI
     * @param security the security context, for the principal and roles
     * @return the sub-resource that answers
     */
    @Path("{topic}")
    public Object locate(@Context Request request, @Context HttpHeaders headers, @Context UriInfo uri,
                         @Context SecurityContext security) {
        SseTransport transport = CDI.current().select(SseTransport.class).get();
        Map<String, String> variables = SseStreamRequest.pathParameters(transport.template(), uri);
        if (variables == null) {
            return new Refusal(plain(Response.Status.NOT_FOUND.getStatusCode(), TEXT_NOT_FOUND));
        }
        SseStreamRequest streamRequest = new SseStreamRequest(headers, uri, security, variables);
        boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod());
        AccessDecision decision = preflight ? transport.access().checkOrigin(streamRequest)
                : transport.access().check(streamRequest);
        if (decision instanceof Refused refused) {
            refused.log(LOG);
            return new Refusal(plain(refused.status(), refused.reason()));
        }
        Principal principal = streamRequest.principal().orElse(null);
        return new Stream(transport, ((Accepted) decision).topic(), principal, lastEventId(streamRequest));
    }

    private static String lastEventId(SseStreamRequest request) {
        String header = request.header(LAST_EVENT_ID_HEADER);
        return header != null ? header : request.queryParameter(LAST_EVENT_ID_PARAMETER);
    }

    private static Response plain(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(text).build();
    }

    /**
     * The answer to a refused (or misdirected) request, whatever its method.
     *
     * <p><b>Thread-safety and lifecycle.</b> Immutable; created per request by {@link #locate}.
     */
    public static final class Refusal {

        private final Response response;

        Refusal(Response response) {
            this.response = response;
        }

        /**
         * Answers a {@code GET} with the refusal.
         *
         * @return the refusal's status and text
         */
        @GET
        public Response get() {
            return response;
        }

        /**
         * Answers a preflight with the refusal.
         *
         * @return the refusal's status and text
         */
        @OPTIONS
        public Response options() {
            return response;
        }
    }

    /**
     * An accepted stream: registers the client's sink with the topic's broadcaster.
     *
     * <p><b>Thread-safety and lifecycle.</b> Immutable; created per request by {@link #locate}.
     */
    public static final class Stream {

        private final SseTransport transport;
        private final String topic;
        private final Principal principal;
        private final String lastEventId;

        Stream(SseTransport transport, String topic, Principal principal, String lastEventId) {
            this.transport = transport;
            this.topic = topic;
            this.principal = principal;
            this.lastEventId = lastEventId;
        }

        /**
         * Opens the stream: subscribes (replaying after the last event id), then returns while the connection's
         * writer keeps the sink; on the request's thread, where the container's send thread is found.
         *
         * @param sink the client's sink
         * @param sse the container's {@link Sse}, to build the events with
         */
        @GET
        @Produces(MediaType.SERVER_SENT_EVENTS)
        public void open(@Context SseEventSink sink, @Context Sse sse) {
            Connection connection = transport.topicBroadcaster(topic, sse).register(sink, sse, principal,
                    lastEventId, SseSendThread.ofCurrentRequest());
            LOG.log(Level.TRACE, () -> "Opened " + connection);
        }

        /**
         * Answers a CORS preflight from an allowed origin (the response filter adds the origin itself).
         *
         * @return 204 with the allowed method and headers
         */
        @OPTIONS
        public Response preflight() {
            return Response.noContent()
                    .header("Access-Control-Allow-Methods", HttpMethod.GET)
                    .header("Access-Control-Allow-Headers", PREFLIGHT_HEADERS)
                    .header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE)
                    .build();
        }
    }
}
