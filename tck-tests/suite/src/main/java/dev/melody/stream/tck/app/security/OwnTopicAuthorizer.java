package dev.melody.stream.tck.app.security;

import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;

/**
 * The application's authorizer by principal and role: {@code user-<name>} to the user of that name only,
 * {@code ops-*} to users in role {@value #OPERATOR_ROLE}, nothing else to anyone. The container has already
 * authenticated the request (the stream paths are protected), so an anonymous request never gets here in this
 * application; the authorizer refuses one all the same.
 *
 * <p>Stateless, so safe on concurrent handshakes; one instance per application.
 */
@ApplicationScoped
public class OwnTopicAuthorizer implements TopicAuthorizer {

    /** The prefix of a user's private topic, followed by the user's name. */
    public static final String USER_PREFIX = "user-";

    /** The prefix of the operators' topics. */
    public static final String OPERATOR_PREFIX = "ops-";

    /** The role that may receive the operators' topics. */
    public static final String OPERATOR_ROLE = "operator";

    @Override
    public boolean isAllowed(StreamRequest request, String topic) {
        String user = request.principal().map(Principal::getName).orElse(null);
        if (user == null) {
            return false;
        }
        if (topic.startsWith(USER_PREFIX)) {
            return topic.equals(USER_PREFIX + user);
        }
        return topic.startsWith(OPERATOR_PREFIX) && request.isUserInRole(OPERATOR_ROLE);
    }
}
