package dev.melody.stream.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis (RESP2) client for tests, which sends and reads raw bytes so that a test can act as another node
 * byte for byte: publish an exact payload, or read exactly what a node published.
 *
 * <p><b>Role.</b> {@link #command} sends one command and returns its reply: a {@code String} for a simple string, a
 * {@code byte[]} for a bulk string ({@code null} for a nil one), a {@code Long} for an integer, a {@code List} for an
 * array; an error reply is thrown as {@link RespError}. {@link #subscribe} turns the connection into a subscriber whose
 * messages {@link #nextMessage} reads. Every read is bounded by the timeout given to {@link #connect}, or by the one
 * given to {@code nextMessage}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: one thread drives one client.
 *
 * <p><b>Lifecycle.</b> Made by {@link #connect}; closed by {@link #close()}.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int timeoutMillis;

    private RespClient(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects to a Redis server on the loopback interface.
     *
     * @param port the server's port
     * @param timeout the bound of the connect and of every read
     * @return the connected client
     * @throws IOException when the connection fails
     */
    public static RespClient connect(int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        int millis = (int) Math.max(1, timeout.toMillis());
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return new RespClient(socket, millis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends a command whose arguments are text (UTF-8) and returns the reply.
     *
     * @param args the command and its arguments
     * @return the reply, as described in the class comment
     * @throws IOException when the connection fails or the read times out
     */
    public Object command(String... args) throws IOException {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return command(raw);
    }

    /**
     * Sends a command with raw arguments and returns the reply.
     *
     * @param args the command and its arguments, as bytes
     * @return the reply, as described in the class comment
     * @throws IOException when the connection fails or the read times out
     */
    public Object command(byte[]... args) throws IOException {
        send(args);
        return read();
    }

    /**
     * Publishes an exact payload.
     *
     * @param channel the channel
     * @param payload the message bytes, sent unchanged
     * @return the number of subscribers that received it
     * @throws IOException when the connection fails
     */
    public long publish(String channel, byte[] payload) throws IOException {
        return (Long) command("PUBLISH".getBytes(StandardCharsets.US_ASCII), channel.getBytes(StandardCharsets.UTF_8),
                payload);
    }

    /**
     * Subscribes to a channel and waits for the confirmation; afterwards only {@link #nextMessage} may be used.
     *
     * @param channel the channel
     * @throws IOException when the connection fails or the confirmation does not come in time
     */
    public void subscribe(String channel) throws IOException {
        Object reply = command("SUBSCRIBE", channel);
        if (!(reply instanceof List<?> list) || list.isEmpty() || !"subscribe".equals(text(list.get(0)))) {
            throw new IOException("unexpected reply to SUBSCRIBE: " + describe(reply));
        }
    }

    /**
     * Reads the next message of a subscription, exactly as published.
     *
     * @param timeout how long to wait for it
     * @return the payload, or {@code null} when none came within the timeout
     * @throws IOException when the connection fails
     */
    public byte[] nextMessage(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                Object reply = read();
                if (reply instanceof List<?> list && list.size() == 3 && "message".equals(text(list.get(0)))) {
                    return (byte[]) list.get(2);
                }
            }
        } catch (SocketTimeoutException e) {
            return null; // NOTE: a timeout in the middle of a reply would desynchronise; messages here are small
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeoutMillis);
            }
        }
    }

    /** Closes the connection; idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void send(byte[]... args) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            buffer.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(arg);
            buffer.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(buffer.toByteArray());
        out.flush();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by Redis");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(Integer.parseInt(line));
            case '*':
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readItem());
                }
                return items;
            default:
                throw new IOException("not a RESP reply: type byte " + type);
        }
    }

    private Object readItem() throws IOException {
        try {
            return read();
        } catch (RespError e) {
            return e; // an error inside an array (a pipeline's or a script's) is an item, not the reply
        }
    }

    private byte[] readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("truncated bulk string");
        }
        return bytes;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("connection closed by Redis");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a reply item as text: a bulk string as UTF-8, anything else by {@code toString}.
     *
     * @param item a reply or an item of one
     * @return its text, or {@code null} for nil
     */
    public static String text(Object item) {
        if (item instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return item == null ? null : item.toString();
    }

    private static String describe(Object reply) {
        if (reply instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object item : list) {
                parts.add(text(item));
            }
            return parts.toString();
        }
        return text(reply);
    }

    /**
     * An error reply from Redis, such as {@code ERR unknown command} or {@code NOSCRIPT}.
     *
     * <p><b>Thread-safety.</b> Immutable. <b>Lifecycle.</b> Thrown by the reading client.
     */
    public static final class RespError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Makes the error from the reply's text.
         *
         * @param message the text Redis sent after {@code -}
         */
        public RespError(String message) {
            super(message);
        }
    }
}
