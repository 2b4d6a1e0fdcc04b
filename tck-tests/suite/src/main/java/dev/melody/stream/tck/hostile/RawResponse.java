package dev.melody.stream.tck.hostile;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response read by hand from a raw socket: the status line and headers, then (on demand) the body, de-chunked
 * when the response is chunked. Every read is bounded by the socket's timeout.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: one test thread uses it.
 *
 * <p><b>Lifecycle.</b> Owns its socket; {@link #close()} ends it.
 */
public final class RawResponse implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final String head;
    private final InputStream body;

    RawResponse(Socket socket, InputStream in, int status, String head) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.head = head;
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\ntransfer-encoding: chunked") || lower.contains("\ntransfer-encoding:chunked")) {
            this.body = new ChunkedInput(in);
        } else {
            String length = header("Content-Length");
            this.body = length == null ? in : new LimitedInput(in, Long.parseLong(length.trim()));
        }
    }

    /** Returns the status code, or -1 when the connection ended (or the bound passed) before a status line. */
    public int status() {
        return status;
    }

    /** Returns the status line and headers, lines separated by {@code \n}; or what was received instead. */
    public String head() {
        return head;
    }

    /**
     * Returns a header's first value.
     *
     * @param name the header name, any case
     * @return its value, trimmed, or {@code null}
     */
    public String header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    /**
     * Reads the body until it ends, {@code max} bytes were read, or a read times out.
     *
     * @param max the most bytes read
     * @return the text read
     */
    public String body(int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (out.size() < max) {
                int n = body.read(buffer, 0, Math.min(buffer.length, max - out.size()));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the end of what the server sent, or the bound
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads the body until the text read contains {@code needle}, the body ends, a read times out, or the bound
     * passed (checked after each read: a stream with heartbeats never times out a read).
     *
     * @param needle what to wait for
     * @param bound the longest the reading goes on
     * @return the text read; it contains {@code needle} only if it arrived
     */
    public String readUntil(String needle, java.time.Duration bound) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (!out.toString(StandardCharsets.UTF_8).contains(needle) && System.nanoTime() < deadline) {
                int n = body.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the end of what the server sent, or the bound
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Says whether the server closed the connection within the socket's read timeout.
     *
     * @return {@code true} when the connection ended (end of stream or reset), {@code false} on timeout
     */
    public boolean awaitEnd() {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Returns the socket, for cases that go on writing or drop it. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    static int statusOf(String head) {
        String[] statusLine = head.split("\n", 2)[0].split(" ");
        return statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(head.toString());
            }
            head.append((char) b);
            if (head.length() > 1 << 20) {
                throw new IOException("response head over 1 MiB");
            }
        }
        return head.toString().replace("\r\n", "\n").trim();
    }

    /** A body of known length. */
    private static final class LimitedInput extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(target, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A chunked body, de-chunked. */
    private static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long left;
        private boolean afterChunk;
        private boolean ended;

        ChunkedInput(InputStream in) {
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
                if (afterChunk) {
                    line();
                }
                String size = line();
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                afterChunk = true;
                ended = left == 0;
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
