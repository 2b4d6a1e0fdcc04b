package dev.melody.stream.impl.websocket;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare-socket WebSocket client for what the JDK client refuses to do: read a refused handshake's HTTP status,
 * and send bytes that are not valid UTF-8 in a text frame.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final int status;

    private RawWebSocket(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /**
     * Sends a handshake for a path below the deployment's context root (the caller closes the socket).
     *
     * @param origin the {@code Origin} header, or {@code null} for none
     */
    static RawWebSocket connect(TestServer server, String path, String origin) throws IOException {
        return connect(server.port(Transport.WEBSOCKET), TestServer.CONTEXT + path, origin);
    }

    /** Sends a handshake and reads the response head; {@link #status} is 101 when upgraded. */
    static RawWebSocket connect(int port, String path, String origin) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout((int) Timeouts.WAIT.toMillis());
        String key = Base64.getEncoder().encodeToString("melody-raw-key-1".getBytes(StandardCharsets.US_ASCII));
        String head = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = readLine(in);
        while (!readLine(in).isEmpty()) {
            // skip the response headers
        }
        return new RawWebSocket(socket, Integer.parseInt(statusLine.split(" ")[1]));
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one final, masked text frame carrying exactly these bytes (valid UTF-8 or not). */
    void sendTextFrame(byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);              // payloads under 126 bytes only
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads frames until a close frame and returns its status code. */
    int awaitCloseCode() throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0f;
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (opcode == 0x8) {
                return length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
