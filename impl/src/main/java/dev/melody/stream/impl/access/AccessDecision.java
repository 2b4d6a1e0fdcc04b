package dev.melody.stream.impl.access;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * The outcome of {@link StreamAccess#check}: an accepted topic, or a refusal that says how to answer the client.
 *
 * <p><b>Role.</b> Lets each transport turn one transport-neutral decision into its own answer: an HTTP status
 * before the upgrade or the SSE response, or a WebSocket close (1008, or 1011 for {@link #STATUS_SERVER_ERROR})
 * carrying {@link Refused#reason()} where a server cannot send a status.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable values, created per handshake.
 */
public sealed interface AccessDecision permits AccessDecision.Accepted, AccessDecision.Refused {

    /** HTTP status for a malformed request: missing, empty, over-long or control-character topic. */
    int STATUS_BAD_REQUEST = 400;
    /** HTTP status for a refused origin or an unauthorized topic. */
    int STATUS_FORBIDDEN = 403;
    /** HTTP status for a WebSocket handshake of a protocol version other than 13 (RFC 6455 section 4.4). */
    int STATUS_UPGRADE_REQUIRED = 426;
    /** HTTP status when the application's resolver or authorizer failed. */
    int STATUS_SERVER_ERROR = 500;

    /** Close reason and response text: the {@code Origin} is not allowed. */
    String REASON_ORIGIN_REFUSED = "origin not allowed";
    /** Close reason and response text: no topic could be resolved. */
    String REASON_TOPIC_MISSING = "topic missing";
    /** Close reason and response text: the topic breaks the topic rule. */
    String REASON_TOPIC_INVALID = "topic invalid";
    /** Close reason and response text: the {@code TopicAuthorizer} denied the topic. */
    String REASON_TOPIC_REFUSED = "topic not allowed";
    /** Response text: the request's query is not valid URI syntax (such as a malformed {@code %} escape). */
    String REASON_MALFORMED_QUERY = "malformed query";
    /** Response text: the request's path is not valid URI syntax. */
    String REASON_MALFORMED_PATH = "malformed path";
    /** Response text: the WebSocket handshake asks for a protocol version other than 13. */
    String REASON_VERSION = "unsupported WebSocket version: use 13";
    /** Close reason and response text: the application's resolver or authorizer threw. */
    String REASON_ACCESS_FAILED = "access check failed";

    /**
     * Tells whether the client may subscribe.
     *
     * @return {@code true} for {@link Accepted}
     */
    default boolean accepted() {
        return this instanceof Accepted;
    }

    /**
     * The client may subscribe to the topic.
     *
     * @param topic the resolved, valid and authorized topic
     */
    record Accepted(String topic) implements AccessDecision {

        /** Creates the decision. */
        public Accepted {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * The client is refused before anything is subscribed.
     *
     * @param status the HTTP status to answer with where the transport can (400, 403, 426 or 500)
     * @param reason one of the {@code REASON_*} constants, used as response text and WebSocket close reason
     * @param logLine one line for the server log that says what was refused and why
     * @param level the level of {@code logLine}: INFO for a client's mistake, ERROR for an application failure
     * @param failure the application's exception, or {@code null}
     */
    record Refused(int status, String reason, String logLine, Level level, Throwable failure)
            implements AccessDecision {

        /** Creates the decision. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(logLine, "logLine");
            Objects.requireNonNull(level, "level");
        }

        /**
         * Writes {@link #logLine()} once, at {@link #level()}, with the stack trace only for an application failure.
         *
         * @param logger the transport's logger
         */
        public void log(Logger logger) {
            if (failure == null) {
                logger.log(level, logLine);
            } else {
                logger.log(level, logLine, failure);
            }
        }
    }
}
