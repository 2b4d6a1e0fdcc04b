package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * One client connection over NIO: connects, sends its HTTP request, reads the response head, then hands the body
 * to the transport's parser; every complete message goes to its {@link ConnectionListener} (a {@link Cohort}, a
 * churn cycle or a soak client).
 *
 * <p><b>Thread-safety.</b> Confined to its {@link IoLoop}'s thread after {@link #start}. Counters are plain fields
 * read by {@link Cohort} through a task on that same thread.
 *
 * <p><b>Lifecycle.</b> Created by its listener's owner, started once, closed once (by the server, an error, or the
 * client: {@link #closeQuietly()} with a FIN, {@link #drop()} with a reset).
 * A stalled connection stops reading once open and never reads again, like a client that hangs.
 */
abstract class ClientConnection {

    private static final int MAX_HEAD_BYTES = 8192;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    protected final ConnectionListener listener;
    private final IoLoop loop;
    private final boolean stalled;
    private SocketChannel channel;
    private SelectionKey key;
    private InetSocketAddress address;
    private String path;
    private byte[] head = new byte[512];
    private int headLength;
    private boolean open;
    private boolean closed;
    private final BitSet seen = new BitSet();
    private long highestSeq;
    long received;
    long duplicated;
    long outOfOrder;

    ClientConnection(ConnectionListener listener, IoLoop loop, boolean stalled) {
        this.listener = listener;
        this.loop = loop;
        this.stalled = stalled;
    }

    /** Returns the HTTP request that opens this connection. */
    protected abstract String request(String host, int port, String path);

    /**
     * Checks the response head; returns {@code null} if it opens the stream, else why not.
     *
     * @param head the status line and headers, lower-cased
     */
    protected abstract String acceptHead(String head);

    /** Parses body bytes; called on the loop thread. */
    protected abstract void body(byte[] bytes, int offset, int length, long nowMicros);

    /** Opens the socket and registers with the loop; the connection opens asynchronously. */
    final void start(InetSocketAddress to, String requestPath) {
        this.address = to;
        this.path = requestPath;
        loop.execute(() -> {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
                if (channel.connect(address)) {
                    connected();
                }
            } catch (IOException e) {
                fail("connect: " + e);
            }
        });
    }

    /** Selector callback. */
    final void ready(SelectionKey ready, ByteBuffer buffer) {
        if (!ready.isValid()) {
            return;
        }
        try {
            if (ready.isConnectable()) {
                connected();
                return;
            }
            if (!ready.isReadable()) {
                return;
            }
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                if (open) {
                    closeQuietly();
                } else {
                    fail("closed during the handshake");
                }
                return;
            }
            long now = Clock.nowMicros();
            if (!open) {
                readHead(buffer.array(), read, now);
            } else {
                body(buffer.array(), 0, read, now);
            }
        } catch (IOException e) {
            if (open) {
                closeQuietly();
            } else {
                fail("connect or handshake: " + e);
            }
        }
    }

    private void connected() throws IOException {
        if (!channel.finishConnect()) {
            return;
        }
        write(request(address.getHostString(), address.getPort(), path).getBytes(StandardCharsets.US_ASCII));
        key.interestOps(SelectionKey.OP_READ);
    }

    private void readHead(byte[] bytes, int length, long now) {
        if (headLength + length > head.length) {
            if (headLength + length > MAX_HEAD_BYTES) {
                fail("response head too long");
                return;
            }
            head = java.util.Arrays.copyOf(head, Math.max(head.length * 2, headLength + length));
        }
        System.arraycopy(bytes, 0, head, headLength, length);
        headLength += length;
        int end = indexOf(head, headLength, HEAD_END);
        if (end < 0) {
            return;
        }
        String text = new String(head, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        String refusal = acceptHead(text);
        if (refusal != null) {
            fail(refusal);
            return;
        }
        open = true;
        int rest = end + HEAD_END.length;
        byte[] leftover = java.util.Arrays.copyOfRange(head, rest, headLength);
        head = null;
        if (leftover.length > 0) {
            body(leftover, 0, leftover.length, now);
        }
    }

    /** The stream is open and usable (for SSE: its first body bytes arrived). */
    protected final void opened() {
        listener.opened(this);
        if (stalled) {
            key.interestOps(0);                  // never read again: the server's sends pile up
        }
    }

    /**
     * One message arrived: records its sequence number (for lost, duplicated and out-of-order counts) and latency.
     *
     * @param seq the message's sequence number
     * @param sentMicros when the server built it
     * @param nowMicros when its bytes were read
     */
    protected final void message(long seq, long sentMicros, long nowMicros) {
        received++;
        int index = (int) Math.min(seq, Integer.MAX_VALUE - 1);
        if (seen.get(index)) {
            duplicated++;
        } else {
            seen.set(index);
        }
        if (seq < highestSeq) {
            outOfOrder++;                        // arrived after a later one
        }
        highestSeq = Math.max(highestSeq, seq);
        listener.delivered(loop.index(), seq, nowMicros - sentMicros);
    }

    /**
     * Returns how many of the messages numbered 1 to {@code published} never arrived.
     *
     * @param published how many messages were published
     */
    final long lost(long published) {
        return published - seen.get(1, (int) Math.min(published + 1, Integer.MAX_VALUE)).cardinality();
    }

    final boolean isOpen() {
        return open && !closed;
    }

    final boolean isStalled() {
        return stalled;
    }

    /** Writes a few bytes (a request, a pong); loops while the socket takes them, which is at once for these sizes. */
    protected final void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        for (int i = 0; out.hasRemaining() && i < 1000; i++) {
            channel.write(out);
        }
    }

    protected final void fail(String why) {
        listener.failed(this, why);
        closeQuietly();
    }

    /** Closes the socket; idempotent. */
    final void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        listener.closed(this, open);
        try {
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Closes the socket with a reset instead of a FIN, like a client whose machine or network went away. */
    final void drop() {
        if (channel != null && !closed) {
            try {
                channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException ignored) {
                // closed with a FIN then
            }
        }
        closeQuietly();
    }

    /** Returns the loop this connection runs on. */
    final IoLoop loop() {
        return loop;
    }

    static int indexOf(byte[] bytes, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
