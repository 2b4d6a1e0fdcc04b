package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client connection (RFC 6455): the upgrade request, then a frame parser that takes bytes in any
 * split, answers pings with pongs, and passes each complete text or binary message to the sequence check.
 *
 * <p>Confined to its loop's thread, like every {@link ClientConnection}.
 */
final class WebSocketClientConnection extends ClientConnection {

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MASK_BYTES = 4;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private final MessagePrefix prefix = new MessagePrefix();
    private final long[] numbers = new long[2];
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private int frameOpcode;
    private boolean fin;
    private long payloadLeft;
    private boolean inPayload;
    private byte[] control;                 // a ping's payload, collected to echo in the pong
    private int controlLength;

    WebSocketClientConnection(ConnectionListener listener, IoLoop loop, boolean stalled) {
        super(listener, loop, stalled);
    }

    @Override
    protected String request(String host, int port, String path) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    @Override
    protected String acceptHead(String head) {
        if (!head.startsWith("http/1.1 101")) {
            return "upgrade refused: " + head.lines().findFirst().orElse("");
        }
        opened();
        return null;
    }

    @Override
    protected void body(byte[] bytes, int offset, int length, long nowMicros) {
        int position = offset;
        int end = offset + length;
        while (position < end && isOpen()) {
            if (!inPayload) {
                position = readHeader(bytes, position, end);
                if (inPayload && payloadLeft == 0) {
                    frameEnd(nowMicros);
                }
            } else {
                int take = (int) Math.min(payloadLeft, end - position);
                payload(bytes, position, take);
                position += take;
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    frameEnd(nowMicros);
                }
            }
        }
    }

    private int readHeader(byte[] bytes, int position, int end) {
        while (position < end && headerLength < headerNeeded) {
            header[headerLength++] = bytes[position++];
            if (headerLength == 2) {
                int length7 = header[1] & 0x7F;
                headerNeeded = 2 + (length7 == LENGTH_16 ? 2 : length7 == LENGTH_64 ? 8 : 0)
                        + ((header[1] & 0x80) != 0 ? MASK_BYTES : 0);
            }
        }
        if (headerLength < headerNeeded) {
            return position;
        }
        fin = (header[0] & 0x80) != 0;
        int op = header[0] & 0x0F;
        int length7 = header[1] & 0x7F;
        long length = length7;
        if (length7 == LENGTH_16) {
            length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        } else if (length7 == LENGTH_64) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFFL);
            }
        }
        frameOpcode = op;
        if (op != OP_CONTINUATION && op < OP_CLOSE) {
            prefix.reset();                 // a new data message; continuations add to the current one
        }
        if (op >= OP_CLOSE) {
            control = new byte[(int) Math.min(length, MAX_CONTROL_PAYLOAD)];
            controlLength = 0;
        }
        payloadLeft = length;
        inPayload = true;
        headerLength = 0;
        headerNeeded = 2;
        return position;
    }

    private void payload(byte[] bytes, int offset, int count) {
        if (control != null) {
            int take = Math.min(count, control.length - controlLength);
            System.arraycopy(bytes, offset, control, controlLength, take);
            controlLength += take;
        } else {
            prefix.append(bytes, offset, count);
        }
    }

    private void frameEnd(long nowMicros) {
        inPayload = false;

        if (control != null) {
            byte[] controlPayload = control;
            control = null;
            control(controlPayload);
            return;
        }
        if (fin) {
            if (prefix.parse(numbers)) {
                message(numbers[0], numbers[1], nowMicros);
            } else {
                listener.unparsable();
            }
        }
    }

    private void control(byte[] payload) {
        if (frameOpcode == OP_PING) {
            try {
                write(masked(0x8A, payload));
            } catch (IOException e) {
                closeQuietly();
            }
        } else if (frameOpcode == OP_CLOSE) {
            closeQuietly();
        }
    }

    /**
     * Starts the closing handshake: sends a close frame (1000, normal closure); the connection closes when the
     * server's close frame or its FIN arrives.
     */
    void closeCleanly() {
        try {
            write(masked(0x88, new byte[] {0x03, (byte) 0xE8}));
        } catch (IOException e) {
            closeQuietly();
        }
    }

    /** A masked client frame, as RFC 6455 requires of clients; payloads here are control-sized. */
    private static byte[] masked(int first, byte[] payload) {
        byte[] frame = new byte[2 + MASK_BYTES + payload.length];
        frame[0] = (byte) first;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[MASK_BYTES];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, MASK_BYTES);
        for (int i = 0; i < payload.length; i++) {
            frame[2 + MASK_BYTES + i] = (byte) (payload[i] ^ mask[i % MASK_BYTES]);
        }
        return frame;
    }
}
