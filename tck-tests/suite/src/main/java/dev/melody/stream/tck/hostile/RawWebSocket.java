package dev.melody.stream.tck.hostile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket with a frame encoder that does what the protocol forbids on request:
 * unmasked frames, RSV bits, reserved opcodes, broken fragmentation, invalid UTF-8, invalid close codes, floods.
 * The handshake is written by hand too, so it can carry a wrong {@code Sec-WebSocket-Version} or no topic.
 * Every read is bounded by {@link RawHttp#WAIT}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: one test thread uses it.
 *
 * <p><b>Lifecycle.</b> {@link #open} connects and handshakes; the caller closes it (always, even after the server
 * closed).
 */
public final class RawWebSocket implements AutoCloseable {

    /** The continuation opcode. */
    public static final int CONTINUATION = 0x0;
    /** The text opcode. */
    public static final int TEXT = 0x1;
    /** The binary opcode. */
    public static final int BINARY = 0x2;
    /** The close opcode. */
    public static final int CLOSE = 0x8;
    /** The ping opcode. */
    public static final int PING = 0x9;
    /** The pong opcode. */
    public static final int PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RawResponse handshake;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(RawResponse handshake, InputStream in) throws IOException {
        this.handshake = handshake;
        this.out = handshake.socket().getOutputStream();
        this.in = new DataInputStream(in);
    }

    /** One frame the server sent. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
    }

    /**
     * Builds a handshake request.
     *
     * @param http the server address
     * @param target the request target, sent as given
     * @param version the {@code Sec-WebSocket-Version} value, or {@code null} to send none
     * @param headers extra header lines, sent as given
     * @return the request text
     */
    public static String handshakeRequest(RawHttp http, String target, String version, String... headers) {
        String[] lines = new String[headers.length + (version == null ? 3 : 4)];
        lines[0] = "Upgrade: websocket";
        lines[1] = "Connection: Upgrade";
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        lines[2] = "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key);
        int next = 3;
        if (version != null) {
            lines[next++] = "Sec-WebSocket-Version: " + version;
        }
        System.arraycopy(headers, 0, lines, next, headers.length);
        return http.get(target, lines);
    }

    /**
     * Sends a handshake and reads the answer.
     *
     * @param http the server address
     * @param request the handshake request, as {@link #handshakeRequest} builds it
     * @return the client; {@link #status()} says whether the server upgraded (101)
     * @throws IOException if the connection cannot be made
     */
    public static RawWebSocket open(RawHttp http, String request) throws IOException {
        Socket socket = http.connect();
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        RawResponse response;
        try {
            String head = RawResponse.readHead(in);
            int status = RawResponse.statusOf(head);
            response = new RawResponse(socket, in, status, head);
        } catch (SocketTimeoutException e) {
            response = new RawResponse(socket, in, -1, "(no answer within " + RawHttp.WAIT + ")");
        } catch (IOException e) {
            response = new RawResponse(socket, in, -1, "(connection closed: " + e.getMessage() + ")");
        }
        return new RawWebSocket(response, in);
    }

    /** Returns the handshake's status: 101 when upgraded, -1 when no answer came. */
    public int status() {
        return handshake.status();
    }

    /** Returns the handshake response, for its headers and (when refused) its body. */
    public RawResponse handshake() {
        return handshake;
    }

    /**
     * Sends one frame built as given.
     *
     * @param fin the FIN bit
     * @param rsv the RSV1..RSV3 bits, as a value 0..7 (RSV1 = 4)
     * @param opcode the opcode, any of 0..15
     * @param payload the payload
     * @param masked whether to mask it, as a client must
     * @throws IOException if the write fails (the server may already have closed)
     */
    public void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        out.write(encode(fin, rsv, opcode, payload, masked));
        out.flush();
    }

    /** Sends a final masked text frame. */
    public void text(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends a masked close frame with a code and reason. */
    public void close(int code, String reason) throws IOException {
        send(true, 0, CLOSE, closePayload(code, reason), true);
    }

    /** Returns a close frame's payload. */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }

    /**
     * Encodes one frame.
     *
     * @param fin the FIN bit
     * @param rsv the RSV bits, 0..7
     * @param opcode the opcode, 0..15
     * @param payload the payload
     * @param masked whether to mask it
     * @return the frame's bytes
     */
    public static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        byte[] masking = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masking[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.writeBytes(masking);
        return frame.toByteArray();
    }

    /**
     * Reads the next frame the server sent.
     *
     * @return the frame
     * @throws SocketTimeoutException if none came within the bound
     * @throws IOException if the connection ended or failed
     */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 16 << 20) {
            throw new IOException("server frame of " + length + " bytes");
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((first & 0x80) != 0, first & 0xF, payload);
    }

    /**
     * Reads until the server closes and says how: {@code "close CODE REASON"} for a close frame (answered with the
     * same code, as the protocol asks), {@code "closed"} when the connection ended without one, {@code "reset"} when
     * it failed, {@code "open"} when nothing ended it within the bound. Data, pings and pongs are skipped.
     *
     * @return the outcome
     */
    public String awaitClose() {
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == CLOSE) {
                    return closeOutcome(frame.payload());
                }
            }
        } catch (SocketTimeoutException e) {
            return "open";
        } catch (EOFException e) {
            return "closed";
        } catch (IOException e) {
            return "reset";
        }
    }

    private String closeOutcome(byte[] payload) {
        String outcome;
        if (payload.length < 2) {
            outcome = "close 1005 ";
        } else {
            int code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
            outcome = "close " + code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
            try {
                close(code >= 1000 && code < 5000 && code != 1005 && code != 1006 ? code : 1000, "");
            } catch (IOException e) {
                // the server did not wait for the answer
            }
        }
        return outcome;
    }

    /**
     * Drops the connection without a close frame, with a TCP reset.
     */
    public void abort() {
        try {
            handshake.socket().setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        handshake.close();
    }
}
