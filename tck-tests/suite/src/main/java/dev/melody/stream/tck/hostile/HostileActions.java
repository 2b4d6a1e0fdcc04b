package dev.melody.stream.tck.hostile;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The building blocks of the catalogue's actions, each returning an outcome text: {@code "HTTP 403 | origin not
 * allowed"} (status and the first line of the body), {@code "HTTP 200 resync"} / {@code "HTTP 200 open"} for SSE
 * streams, {@code "HTTP 101"} for an upgrade, {@code "close CODE REASON"} / {@code "closed"} / {@code "reset"} /
 * {@code "open"} for what a WebSocket connection ended with, {@code "closed"} / {@code "no answer"} / {@code "reset"}
 * for an HTTP request that got no status.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; not instantiable.
 */
public final class HostileActions {

    /** The comment the library writes when an SSE stream is subscribed. */
    static final String OPEN_COMMENT = ": melody.stream open";

    /** The resync marker's event line. */
    static final String RESYNC = "event: melody.resync";

    private HostileActions() {
    }

    /**
     * Sends a request and describes the answer; closes the connection.
     *
     * @param target the deployment
     * @param request the request, sent as given
     * @return the outcome
     * @throws IOException if the connection cannot be made
     */
    static String http(HostileTarget target, String request) throws IOException {
        return http(target, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends request bytes and describes the answer; closes the connection. */
    static String http(HostileTarget target, byte[] request) throws IOException {
        try (RawResponse response = target.http().send(request)) {
            return describe(response);
        }
    }

    /**
     * Opens an SSE stream and says how it began: {@code "HTTP 200 resync"} when its first event is the resync
     * marker, {@code "HTTP 200 open"} when it opened and no event came before the open comment and a bounded wait,
     * else the status and body; closes the connection.
     *
     * @param target the deployment
     * @param request the request, sent as given
     * @return the outcome
     * @throws IOException if the connection cannot be made
     */
    static String sseStream(HostileTarget target, String request) throws IOException {
        try (RawResponse response = target.http().send(request)) {
            if (response.status() != 200) {
                return describe(response);
            }
            String received = response.readUntil(RESYNC, RawHttp.WAIT);
            int resync = received.indexOf(RESYNC);
            if (resync >= 0) {
                return received.substring(0, resync).contains("data:") ? "HTTP 200 resync after data: " + received
                        : "HTTP 200 resync";
            }
            if (!received.contains(OPEN_COMMENT)) {
                return "HTTP 200 not opened: " + received;
            }
            return received.contains("data:") ? "HTTP 200 data: " + received : "HTTP 200 open";
        }
    }

    /**
     * Opens an SSE stream that must open, without waiting for events: {@code "HTTP 200 open"} once the open comment
     * arrived; closes the connection.
     */
    static String sseOpens(HostileTarget target, String request) throws IOException {
        try (RawResponse response = target.http().send(request)) {
            if (response.status() != 200) {
                return describe(response);
            }
            String received = response.readUntil(OPEN_COMMENT, RawHttp.WAIT);
            return received.contains(OPEN_COMMENT) ? "HTTP 200 open" : "HTTP 200 not opened: " + received;
        }
    }

    /**
     * Sends a WebSocket handshake; on 101 closes the connection normally.
     *
     * @param target the deployment
     * @param request the handshake, as {@link RawWebSocket#handshakeRequest} builds it
     * @return {@code "HTTP 101"} or the refusal
     * @throws IOException if the connection cannot be made
     */
    static String upgrade(HostileTarget target, String request) throws IOException {
        try (RawWebSocket socket = RawWebSocket.open(target.http(), request)) {
            if (socket.status() != 101) {
                return describe(socket.handshake());
            }
            socket.close(1000, "");
            return "HTTP 101";
        }
    }

    /**
     * Opens an upgraded WebSocket connection on a topic, or fails the case.
     *
     * @param target the deployment
     * @param topic the topic, as it goes in the path
     * @return the connection
     * @throws IOException if the connection cannot be made
     */
    static RawWebSocket connect(HostileTarget target, String topic) throws IOException {
        RawWebSocket socket = RawWebSocket.open(target.http(),
                RawWebSocket.handshakeRequest(target.http(), target.path("/ws/" + topic), "13"));
        if (socket.status() != 101) {
            String refused = describe(socket.handshake());
            socket.close();
            throw new AssertionError("the upgrade was refused: " + refused);
        }
        if (target.awaitSubscribers(topic, 1) < 1) {
            socket.close();
            throw new AssertionError("the upgraded connection did not subscribe to " + topic);
        }
        return socket;
    }

    /**
     * Opens a WebSocket connection on a topic, sends frames, and reports how the server ended it.
     *
     * @param target the deployment
     * @param topic the topic
     * @param frames the encoded frames, sent in one write
     * @return the outcome of {@link RawWebSocket#awaitClose()}
     * @throws IOException if the connection cannot be made
     */
    static String frames(HostileTarget target, String topic, byte[]... frames) throws IOException {
        try (RawWebSocket socket = connect(target, topic)) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (byte[] frame : frames) {
                all.writeBytes(frame);
            }
            try {
                socket.handshake().socket().getOutputStream().write(all.toByteArray());
            } catch (IOException e) {
                // the server closed while the frames were written: read what it said
            }
            return socket.awaitClose();
        }
    }

    /** Returns a masked frame. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return RawWebSocket.encode(fin, rsv, opcode, payload, true);
    }

    /** Returns a masked final text frame. */
    static byte[] text(String text) {
        return frame(true, 0, RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Describes a response: its status and the first line of its body, or what happened instead.
     *
     * @param response the response
     * @return the outcome
     */
    static String describe(RawResponse response) {
        if (response.status() < 0) {
            String head = response.head();
            return head.startsWith("(no answer") ? "no answer" : head.startsWith("(connection reset") ? "reset"
                    : "closed";
        }
        String body = response.status() == 101 || response.status() == 204 ? ""
                : response.readUntil("\n", RawHttp.WAIT).trim();
        int newline = body.indexOf('\n');
        String first = newline < 0 ? body : body.substring(0, newline).trim();
        return "HTTP " + response.status() + (first.isEmpty() ? "" : " | " + first.substring(0,
                Math.min(first.length(), 120)));
    }

    /**
     * Writes bytes one at a time, one every {@code pauseMillis}, for at most {@code bytes} bytes, and says whether
     * the server closed the connection meanwhile.
     *
     * @param socket the connection
     * @param data what to trickle
     * @param bytes the most bytes written
     * @param pauseMillis the pause between two bytes
     * @return {@code "kept open"} or {@code "closed after N bytes"}
     * @throws InterruptedException if interrupted
     */
    static String trickle(Socket socket, byte[] data, int bytes, long pauseMillis) throws InterruptedException {
        for (int i = 0; i < Math.min(bytes, data.length); i++) {
            try {
                socket.getOutputStream().write(data[i]);
                socket.getOutputStream().flush();
                if (socket.getInputStream().available() > 0) {
                    return "answered after " + (i + 1) + " bytes";
                }
            } catch (IOException e) {
                return "closed after " + i + " bytes";
            }
            Thread.sleep(pauseMillis);
        }
        return "kept open";
    }
}
