package dev.melody.stream.impl.websocket;

import static dev.melody.stream.impl.access.AccessDecision.REASON_MALFORMED_PATH;
import static dev.melody.stream.impl.access.AccessDecision.REASON_MALFORMED_QUERY;
import static dev.melody.stream.impl.access.AccessDecision.REASON_VERSION;
import static dev.melody.stream.impl.access.AccessDecision.STATUS_BAD_REQUEST;
import static dev.melody.stream.impl.access.AccessDecision.STATUS_UPGRADE_REQUIRED;

import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.impl.access.QueryString;
import dev.melody.stream.impl.access.StreamAccess;
import java.lang.System.Logger.Level;

/**
 * What a WebSocket upgrade request must be before the access check looks at it: protocol version 13, and a request
 * URI that parses.
 *
 * <p><b>Role.</b> Run by {@link WebSocketAccessFilter} on every upgrade request to the stream path, so that requests
 * the runtimes treat differently get one answer on every server, before the upgrade:
 * <ul>
 *   <li>a {@code Sec-WebSocket-Version} other than {@code 13} (the draft handshakes, whose browsers send
 *       {@code Sec-WebSocket-Origin} instead of {@code Origin}, and so would slip past the origin rule where a
 *       runtime still accepts them) gets 426 with {@code Sec-WebSocket-Version: 13}, as RFC 6455 section 4.4 says;
 *   <li>a path or query that is not valid URI syntax (a malformed {@code %} escape, a character that must be
 *       escaped) gets 400, where one runtime would accept the upgrade and then leave the connection hanging.
 * </ul>
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions.
 */
final class HandshakeRules {

    /** The only protocol version the library accepts. */
    static final String VERSION = "13";

    static final String LOG_VERSION = "Refused WebSocket stream: Sec-WebSocket-Version %s is not 13";
    static final String LOG_MALFORMED = "Refused WebSocket stream: the request URI is malformed (%s)";

    private HandshakeRules() {
    }

    /**
     * Checks an upgrade request.
     *
     * @param version the {@code Sec-WebSocket-Version} header, or {@code null}
     * @param rawPath the raw request path, including the context root
     * @param rawQuery the raw query without {@code ?}, or {@code null}
     * @return the refusal, or {@code null} when the request may go on to the access check
     */
    static Refused check(String version, String rawPath, String rawQuery) {
        if (version == null || !VERSION.equals(version.trim())) {
            String line = String.format(LOG_VERSION, version == null ? "(none)"
                    : "'" + StreamAccess.printable(version) + "'");
            return new Refused(STATUS_UPGRADE_REQUIRED, REASON_VERSION, line, Level.INFO, null);
        }
        String problem = QueryString.problem(rawPath, rawQuery);
        if (problem != null) {
            String reason = problem.startsWith("path") ? REASON_MALFORMED_PATH : REASON_MALFORMED_QUERY;
            return new Refused(STATUS_BAD_REQUEST, reason, String.format(LOG_MALFORMED, problem), Level.INFO, null);
        }
        return null;
    }
}
