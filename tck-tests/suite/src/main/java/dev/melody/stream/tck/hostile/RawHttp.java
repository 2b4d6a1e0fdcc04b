package dev.melody.stream.tck.hostile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 by hand on a plain socket, so a request can carry what a real client refuses to send: malformed
 * percent-encoding, bare CR or LF in a header, megabyte headers, thousands of headers, a request sent one byte at a
 * time. Every connect and read is bounded by {@link #WAIT}.
 *
 * <p><b>Thread-safety.</b> Immutable; each call opens its own socket.
 *
 * <p><b>Lifecycle.</b> One per deployment address; the responses it returns own their sockets.
 */
public final class RawHttp {

    /** The bound of every connect and read: a server that leaves a socket hanging fails the case clearly. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final String host;
    private final int port;

    /**
     * Creates a client of one server address.
     *
     * @param host the server's address (127.0.0.1)
     * @param port the server's HTTP port
     */
    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Returns the {@code Host} header value of this address. */
    public String authority() {
        return host + ":" + port;
    }

    /** Returns the server's port. */
    public int port() {
        return port;
    }

    /**
     * Opens a connection with the read bound set.
     *
     * @return the connected socket
     * @throws IOException if the connection fails
     */
    public Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * Sends a request head (and body) given as text, exactly as given, and reads the response head.
     *
     * @param request the request, CRLFs included
     * @return the response; its status is -1 if none came
     * @throws IOException if the connection cannot be made
     */
    public RawResponse send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends request bytes exactly as given and reads the response head.
     *
     * @param request the request bytes
     * @return the response; its status is -1 if none came
     * @throws IOException if the connection cannot be made
     */
    public RawResponse send(byte[] request) throws IOException {
        Socket socket = connect();
        try {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the server may close while a huge request is still being written: read what it answered
        }
        return read(socket);
    }

    /**
     * Reads a response head from a socket the caller wrote to.
     *
     * @param socket the connection
     * @return the response; its status is -1 if the connection ended or the bound passed first
     * @throws IOException if the socket cannot be read at all
     */
    public static RawResponse read(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        try {
            String head = RawResponse.readHead(in);
            int status = RawResponse.statusOf(head);
            return new RawResponse(socket, in, status, head);
        } catch (SocketTimeoutException e) {
            return new RawResponse(socket, in, -1, "(no answer within " + WAIT + ")");
        } catch (EOFException e) {
            return new RawResponse(socket, in, -1, "(connection closed" + (e.getMessage() == null
                    || e.getMessage().isEmpty() ? "" : " after: " + e.getMessage()) + ")");
        } catch (IOException e) {
            return new RawResponse(socket, in, -1, "(connection reset: " + e.getMessage() + ")");
        }
    }

    /**
     * Builds a GET request head with the given extra header lines.
     *
     * @param target the request target (path and query), sent as given
     * @param headers extra header lines without their CRLF, sent as given
     * @return the request text
     */
    public String get(String target, String... headers) {
        return request("GET", target, headers);
    }

    /**
     * Builds a request head with the given method and extra header lines.
     *
     * @param method the method
     * @param target the request target, sent as given
     * @param headers extra header lines without their CRLF, sent as given
     * @return the request text
     */
    public String request(String method, String target, String... headers) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority()).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }
}
