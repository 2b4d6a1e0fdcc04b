package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An SSE client on a plain socket, for what an HTTP client library hides: stopping to read (a stalled client,
 * with a small receive buffer) and vanishing without a word (a closed client).
 */
final class RawSseSocket implements AutoCloseable {

    private final Socket socket;
    private final StringBuilder received = new StringBuilder();

    private RawSseSocket(Socket socket) {
        this.socket = socket;
    }

    /** Opens a raw request for a path below the deployment's context root; the server closes it when it closes. */
    static RawSseSocket open(TestServer server, String pathAndQuery) throws IOException {
        return server.track(open(server.port(Transport.SSE), TestServer.CONTEXT + pathAndQuery));
    }

    static RawSseSocket open(int port, String pathAndQuery) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", port), (int) Timeouts.WAIT.toMillis());
        socket.setSoTimeout((int) Timeouts.WAIT.toMillis());
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawSseSocket(socket);
    }

    /** Reads until the given text has arrived (the read times out after the shared bound). */
    RawSseSocket readUntil(String text) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        while (received.indexOf(text) < 0) {
            int n = in.read(buffer);
            assertTrue(n >= 0, "the stream ended before '" + text + "': " + received);
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
