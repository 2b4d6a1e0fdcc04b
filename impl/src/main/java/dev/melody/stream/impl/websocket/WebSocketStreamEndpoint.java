package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.connection.Connection;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.impl.connection.HeldSubscription;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;

/**
 * The WebSocket endpoint registered at {@code webSocketPath}: a thin adapter from container callbacks to a
 * {@link Connection} and its {@link WebSocketChannel}.
 *
 * <p><b>Role.</b> In {@code onOpen} it reads the access decision that {@link WebSocketStreamConfigurator} made
 * during the handshake: a refusal that could not be answered with an HTTP status is answered with close 1008 (or
 * 1011 when the application's resolver or authorizer failed) carrying the refusal's reason; an accepted topic gets
 * a connection that claims the subscription the configurator made during the handshake (or, if that was released,
 * subscribes now), replaying after {@code ?lastEventId=}. {@code onClose} and {@code onError} are handed to the
 * connection.
 *
 * <p><b>Thread-safety.</b> One instance per connection; the container never calls it concurrently.
 *
 * <p><b>Lifecycle.</b> A {@code @Dependent} CDI bean (a bean-defining annotation, so Open Liberty injects it),
 * obtained per connection by the configurator and destroyed when the connection closes.
 */
@Dependent
public class WebSocketStreamEndpoint extends Endpoint {

    /** The query parameter a client resumes with. */
    static final String LAST_EVENT_ID = "lastEventId";

    @Inject
    WebSocketTransport transport;

    private Instance.Handle<?> handle;                 // set by the configurator; destroyed on close
    private WebSocketChannel channel;                  // set in onOpen; container callbacks are serialized

    void destroyWith(Instance.Handle<?> own) {
        this.handle = own;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object decision = config.getUserProperties().get(WebSocketStreamConfigurator.DECISION);
        if (decision instanceof Accepted accepted) {
            StreamOptions options = transport.registry().options();
            channel = new WebSocketChannel(session, session.getAsyncRemote(),
                    new WebSocketFrameFormat(options.webSocketFrames()), options.idleTimeout(),
                    WebSocketChannel.ACKNOWLEDGE_WINDOW_BYTES);
            Connection connection = new Connection(transport.registry(), accepted.topic(), channel);
            new WebSocketInbound(connection, channel, transport, options.readLimit()).install(session);
            Subscription held = config.getUserProperties().get(WebSocketStreamConfigurator.HELD)
                    instanceof HeldSubscription holder ? holder.claim(connection.hubListener()) : null;
            if (held != null) {
                connection.open(held);
            } else {
                connection.open(lastEventId(session));         // held too long and released: subscribe now
            }
        } else {
            refuse(session, decision instanceof Refused refused ? refused : null);
        }
    }

    private static void refuse(Session session, Refused refused) {
        boolean failed = refused == null || refused.status() == AccessDecision.STATUS_SERVER_ERROR;
        String reason = refused == null ? AccessDecision.REASON_ACCESS_FAILED : refused.reason();
        try {
            session.close(new CloseReason(failed ? CloseCodes.UNEXPECTED_CONDITION : CloseCodes.VIOLATED_POLICY,
                    reason));
        } catch (IOException e) {
            // the client is gone already: nothing was subscribed, nothing to undo
        }
    }

    private static String lastEventId(Session session) {
        List<String> values = session.getRequestParameterMap().get(LAST_EVENT_ID);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (channel != null) {
            channel.closedByContainer(closeReason);
        }
        if (handle != null) {
            handle.destroy();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (channel != null) {
            channel.failedInContainer(error);
        } else {
            goAway(session);                               // onOpen failed before the connection existed
        }
    }

    /** Closes a session that never became a connection (the application stopped during its opening) with 1001. */
    private static void goAway(Session session) {
        try {
            if (session.isOpen()) {
                session.close(WebSocketCloses.forCause(CloseCause.SHUTDOWN));
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone already: nothing was subscribed, nothing to undo
        }
    }
}
