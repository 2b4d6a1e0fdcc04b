package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.SseStreamClient.Event;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An SSE reader on a plain socket that reads only while the test asks it for an event: between two calls to
 * {@link #next()} nothing reads the socket, so the server's writes back up exactly as for a client that stopped
 * reading, and resume when the test asks again. Its receive buffer is small (4 KiB), so what the client side holds
 * is negligible next to the server's buffers.
 *
 * <p>It speaks HTTP/1.1 itself (the request, the status line and headers, chunked transfer coding) and parses the
 * stream with {@link SseEventParser}. Every read is bounded by {@link SseStreamClient#WAIT}. Not thread-safe: one
 * test thread uses it.
 */
final class PausableSseClient implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 4096;
    private static final Pattern CHUNKED = Pattern.compile("(?m)^transfer-encoding:[ \\t]*chunked");

    private final Socket socket;
    private final Reader reader;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<String> comments = new ArrayDeque<>();
    private final SseEventParser parser = new SseEventParser(events::add, comments::add);
    private final char[] buffer = new char[8192];

    private PausableSseClient(Socket socket, InputStream body) {
        this.socket = socket;
        this.reader = new InputStreamReader(body, StandardCharsets.UTF_8);
    }

    /**
     * Opens a stream and reads it up to the library's open comment, then reads nothing until {@link #next()}.
     *
     * @param uri the stream's URI, on 127.0.0.1
     * @return the client, subscribed (the test fails if the answer is not 200)
     * @throws IOException if the connection fails, or the stream ends before it opens
     */
    static PausableSseClient open(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) SseStreamClient.WAIT.toMillis());
        socket.setSoTimeout((int) SseStreamClient.WAIT.toMillis());
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nAccept: text/event-stream\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String head = head(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), () -> "the stream was not opened: " + head);
        boolean chunked = CHUNKED.matcher(head.toLowerCase(Locale.ROOT)).find();
        PausableSseClient client = new PausableSseClient(socket, chunked ? new Chunked(in) : in);
        while (!client.comments.contains(SseStreamClient.OPEN_COMMENT)) {
            client.readSome();
        }
        return client;
    }

    /**
     * Reads (resuming if the client was paused) until the next event is dispatched.
     *
     * @return the event
     * @throws IOException if the stream ends or fails, or no event comes within {@link SseStreamClient#WAIT}
     */
    Event next() throws IOException {
        while (events.isEmpty()) {
            readSome();
        }
        return events.poll();
    }

    private void readSome() throws IOException {
        int n;
        try {
            n = reader.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing received within " + SseStreamClient.WAIT, e);
        }
        if (n < 0) {
            throw new EOFException("the stream ended");
        }
        for (int i = 0; i < n; i++) {
            parser.feed(buffer[i]);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString().replace("\r\n", "\n");
    }

    /** The body of a chunked response, de-chunked; reads a chunk's trailing CRLF only when the next one is due. */
    private static final class Chunked extends InputStream {

        private final InputStream in;
        private long left;
        private boolean afterChunk;
        private boolean ended;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (left == 0 && !ended) {
                nextChunk();
            }
            if (ended) {
                return -1;
            }
            int n = in.read(target, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            return n;
        }

        private void nextChunk() throws IOException {
            if (afterChunk) {
                line();                                   // the CRLF that ends the previous chunk's data
            }
            String size = line();
            int extension = size.indexOf(';');
            left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            afterChunk = true;
            ended = left == 0;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new EOFException("the connection ended in a chunk header");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
