package dev.melody.stream.impl.websocket;

import dev.melody.stream.CloseCause;
import dev.melody.stream.impl.connection.CloseDetails;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;

/**
 * The close codes and reasons the WebSocket transport sends, and how a close reason maps to a {@link CloseCause}.
 *
 * <p><b>Role.</b> One place that says what a client sees when the server ends its connection:
 * <table>
 * <caption>Server-initiated closes</caption>
 * <tr><th>why</th><th>code</th><th>reason</th></tr>
 * <tr><td>queue overflow under DISCONNECT</td><td>1008</td><td>{@value CloseDetails#TOO_SLOW}</td></tr>
 * <tr><td>a write exceeded writeTimeout</td><td>1008</td><td>{@value CloseDetails#WRITE_TIMEOUT}</td></tr>
 * <tr><td>no pong within idleTimeout</td><td>1001</td><td>{@value CloseDetails#IDLE_TIMEOUT}</td></tr>
 * <tr><td>hub shutdown, undeploy</td><td>1001</td><td>{@value CloseDetails#SHUTDOWN}</td></tr>
 * <tr><td>inbound message over readLimit</td><td>1009</td><td>{@value #REASON_TOO_BIG}</td></tr>
 * <tr><td>an inbound observer threw</td><td>1011</td><td>{@value #REASON_OBSERVER_FAILED}</td></tr>
 * <tr><td>origin or topic refused after the upgrade</td><td>1008</td><td>the access check's reason</td></tr>
 * </table>
 *
 * <p><b>Thread-safety and lifecycle.</b> Constants and stateless helpers.
 */
final class WebSocketCloses {

    static final String REASON_TOO_BIG = "message too big";
    static final String REASON_OBSERVER_FAILED = "inbound observer failed";

    /** The longest close reason the protocol carries, in UTF-8 bytes. */
    static final int MAX_REASON_BYTES = 123;

    private WebSocketCloses() {
    }

    /** Returns the close frame to send for a cause the server noticed: its code, and its detail as the reason. */
    static CloseReason forCause(CloseCause cause) {
        CloseCode code = switch (cause) {
            case OVERFLOW, WRITE_TIMEOUT -> CloseCodes.VIOLATED_POLICY;
            case IDLE_TIMEOUT, SHUTDOWN -> CloseCodes.GOING_AWAY;
            case ERROR -> CloseCodes.UNEXPECTED_CONDITION;
            case CLIENT_CLOSED, SERVER_CLOSED -> CloseCodes.NORMAL_CLOSURE;
        };
        return reason(code, CloseDetails.of(cause));
    }

    /**
     * Classifies a close the container reported. 1006 (no close frame) is a network loss; 1002, 1003, 1007 and 1009
     * are the container enforcing the protocol or the read limit; anything else came from the client.
     */
    static CloseCause causeOf(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        return switch (code) {
            case 1006 -> CloseCause.ERROR;
            case 1002, 1003, 1007, 1009 -> CloseCause.SERVER_CLOSED;
            default -> CloseCause.CLIENT_CLOSED;
        };
    }

    /**
     * Builds a close reason an application asked for, checking the code and cutting the reason to 123 bytes.
     *
     * @throws IllegalArgumentException if the code may not be sent in a close frame
     */
    static CloseReason requested(int code, String reason) {
        if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006 || code == 1015) {
            throw new IllegalArgumentException("WebSocket close code " + code + " cannot be sent; use 1000 (normal),"
                    + " 1001, 1008, 1011, or an application code 3000-4999");
        }
        return reason(CloseCodes.getCloseCode(code), reason == null ? "" : reason);
    }

    static CloseReason reason(CloseCode code, String text) {
        return new CloseReason(code, truncate(text));
    }

    private static String truncate(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            String point = new String(Character.toChars(text.codePointAt(i)));
            bytes += point.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_REASON_BYTES) {
                break;
            }
            out.append(point);
        }
        return out.toString();
    }
}
