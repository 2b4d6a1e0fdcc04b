package dev.melody.stream.tck.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A publisher that speaks raw RESP over a plain socket, as a foreign node (Go Melody) would reach the channel: no
 * client library of ours in between, so the bytes on the channel are exactly the test's.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless: every {@link #publish} opens, uses and closes its own
 * connection, bounded by {@link Bounds#WAIT}.
 */
final class RawRedisPublisher {

    private final int port;

    /**
     * Creates a publisher for a Redis on 127.0.0.1.
     *
     * @param port its port
     */
    RawRedisPublisher(int port) {
        this.port = port;
    }

    /**
     * Sends {@code PUBLISH channel message}.
     *
     * @param channel the channel
     * @param message the message, sent as UTF-8
     * @return how many subscribers Redis handed it to
     * @throws IOException when Redis cannot be reached or answers with an error
     */
    long publish(String channel, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Bounds.WAIT.toMillis());
            socket.setSoTimeout((int) Bounds.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(command("PUBLISH", channel, message));
            out.flush();
            String reply = line(socket.getInputStream());
            if (!reply.startsWith(":")) {
                throw new IOException("PUBLISH answered " + reply);
            }
            return Long.parseLong(reply.substring(1));
        }
    }

    private static byte[] command(String... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String part : parts) {
            byte[] encoded = part.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + encoded.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(encoded);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                return line.toString().strip();
            }
            line.append((char) c);
        }
        throw new IOException("Redis closed the connection without an answer: " + line);
    }
}
