package dev.melody.stream.impl.access;

import static dev.melody.stream.impl.access.AccessDecision.REASON_ACCESS_FAILED;
import static dev.melody.stream.impl.access.AccessDecision.REASON_ORIGIN_REFUSED;
import static dev.melody.stream.impl.access.AccessDecision.REASON_TOPIC_INVALID;
import static dev.melody.stream.impl.access.AccessDecision.REASON_TOPIC_MISSING;
import static dev.melody.stream.impl.access.AccessDecision.REASON_TOPIC_REFUSED;
import static dev.melody.stream.impl.access.AccessDecision.STATUS_BAD_REQUEST;
import static dev.melody.stream.impl.access.AccessDecision.STATUS_FORBIDDEN;
import static dev.melody.stream.impl.access.AccessDecision.STATUS_SERVER_ERROR;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.Topics;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import dev.melody.stream.spi.TopicResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * The one access check of both transports: origin policy, topic resolution, topic rule, authorization.
 *
 * <p><b>Role.</b> Each transport adapts its handshake to a {@link StreamRequest} and asks {@link #check}; the
 * answer is the topic to subscribe to, or a {@link Refused} that carries the HTTP status, the close reason and the
 * log line. The resolver is the application's {@link TopicResolver} bean, else {@link TopicResolver#defaults()};
 * the authorizer is the application's {@link TopicAuthorizer} bean, else {@link TopicAuthorizer#allowAll()}.
 * {@link #check} runs once per connection attempt, so each is asked at most once: the SSE resource asks once per
 * request; for WebSocket the servlet filter asks before the upgrade and hands an acceptance on to the endpoint's
 * configurator, which asks only for a handshake no filter decided. The origin-only {@link #checkOrigin} asks
 * neither.
 *
 * <p><b>Thread-safety.</b> Immutable after construction; {@link #check} may run concurrently for many handshakes
 * (the application's resolver and authorizer must be thread-safe, as their SPI says).
 *
 * <p><b>Lifecycle.</b> One per application, created by CDI on first use; plain instances serve unit tests.
 */
@ApplicationScoped
public class StreamAccess {

    static final String LOG_ORIGIN_SAME = "Refused %s stream: origin '%s' is not the same origin as '%s'; "
            + "list its host in melody.stream.originPatterns (StreamOptions.originPatterns) to allow it";
    static final String LOG_ORIGIN_PATTERNS = "Refused %s stream: origin '%s' matches none of the originPatterns %s";
    static final String LOG_TOPIC_MISSING = "Refused %s stream: the request names no topic (resolver %s)";
    static final String LOG_TOPIC_INVALID = "Refused %s stream: %s ('%s')";
    static final String LOG_TOPIC_REFUSED = "Refused %s stream: the TopicAuthorizer denied topic '%s'";
    static final String LOG_ACCESS_FAILED = "Refused %s stream: the application's %s threw %s";

    private static final int LOGGED_VALUE_MAX = 100;

    private OriginPolicy origins;
    private TopicResolver resolver;
    private TopicAuthorizer authorizer;

    /** For the CDI proxy only. */
    protected StreamAccess() {
    }

    /**
     * Creates the check from the application's beans.
     *
     * @param hub the hub, whose options give the origin patterns
     * @param resolvers the application's topic resolver, if it provides one
     * @param authorizers the application's topic authorizer, if it provides one
     */
    @Inject
    public StreamAccess(ServerSentEventHub hub, Instance<TopicResolver> resolvers,
                        Instance<TopicAuthorizer> authorizers) {
        this(new OriginPolicy(hub.options().originPatterns()),
                resolvers.isResolvable() ? resolvers.get() : TopicResolver.defaults(),
                authorizers.isResolvable() ? authorizers.get() : TopicAuthorizer.allowAll());
    }

    /**
     * Creates the check from explicit parts.
     *
     * @param origins the origin policy
     * @param resolver the topic resolver
     * @param authorizer the topic authorizer
     */
    public StreamAccess(OriginPolicy origins, TopicResolver resolver, TopicAuthorizer authorizer) {
        this.origins = origins;
        this.resolver = resolver;
        this.authorizer = authorizer;
    }

    /**
     * Returns the origin policy, for transports that need it on its own (SSE CORS, WebSocket {@code checkOrigin}).
     *
     * @return the policy
     */
    public OriginPolicy origins() {
        return origins;
    }

    /**
     * Runs every check in order: origin, topic resolution, topic rule, authorization.
     *
     * @param request the handshake
     * @return the accepted topic, or the first refusal
     */
    public AccessDecision check(StreamRequest request) {
        AccessDecision origin = checkOrigin(request);
        return origin.accepted() ? checkTopic(request) : origin;
    }

    /**
     * Checks only the origin.
     *
     * @param request the handshake
     * @return an {@link Accepted} with an empty topic when the origin passes, else the refusal
     */
    public AccessDecision checkOrigin(StreamRequest request) {
        String origin = request.header("Origin");
        String host = request.header("Host");
        if (origins.allows(origin, host, request.scheme())) {
            return new Accepted("");
        }
        String line = origins.isSameOriginOnly()
                ? String.format(LOG_ORIGIN_SAME, request.transport(), printable(origin),
                        (request.scheme() == null ? "" : request.scheme() + "://") + printable(host))
                : String.format(LOG_ORIGIN_PATTERNS, request.transport(), printable(origin), origins);
        return new Refused(STATUS_FORBIDDEN, REASON_ORIGIN_REFUSED, line, Level.INFO, null);
    }

    /**
     * Resolves, validates and authorizes the topic; the origin is not looked at.
     *
     * @param request the handshake
     * @return the accepted topic, or the refusal
     */
    public AccessDecision checkTopic(StreamRequest request) {
        String topic;
        try {
            topic = resolver.resolve(request);
        } catch (RuntimeException e) {
            return failed(request, "TopicResolver", e);
        }
        if (topic == null) {
            String line = String.format(LOG_TOPIC_MISSING, request.transport(), resolver.getClass().getName());
            return new Refused(STATUS_BAD_REQUEST, REASON_TOPIC_MISSING, line, Level.INFO, null);
        }
        String problem = Topics.problem(topic);
        if (problem != null) {
            String line = String.format(LOG_TOPIC_INVALID, request.transport(), problem, printable(topic));
            return new Refused(STATUS_BAD_REQUEST, REASON_TOPIC_INVALID, line, Level.INFO, null);
        }
        return authorize(request, topic);
    }

    private AccessDecision authorize(StreamRequest request, String topic) {
        try {
            if (authorizer.isAllowed(request, topic)) {
                return new Accepted(topic);
            }
        } catch (RuntimeException e) {
            return failed(request, "TopicAuthorizer", e);
        }
        String line = String.format(LOG_TOPIC_REFUSED, request.transport(), printable(topic));
        return new Refused(STATUS_FORBIDDEN, REASON_TOPIC_REFUSED, line, Level.INFO, null);
    }

    private static Refused failed(StreamRequest request, String what, RuntimeException e) {
        String line = String.format(LOG_ACCESS_FAILED, request.transport(), what, e);
        return new Refused(STATUS_SERVER_ERROR, REASON_ACCESS_FAILED, line, Level.ERROR, e);
    }

    /**
     * Makes a client-supplied value safe for one log line: control characters escaped, long values cut.
     *
     * @param value the value, possibly {@code null}
     * @return the printable form
     */
    public static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < value.length() && i < LOGGED_VALUE_MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < value.length() ? out + "...(" + value.length() + " chars)" : out.toString();
    }
}
