package dev.melody.stream.benchmarks.load;

/**
 * A Server-Sent Events client connection: a {@code GET} with {@code Accept: text/event-stream}, then a parser of
 * the body (chunked or not) into lines; each {@code data:} line is one message (the benchmark's data is one line).
 * The stream counts as open at its first body bytes (the library's opening comment, or the baseline's).
 *
 * <p>Confined to its loop's thread, like every {@link ClientConnection}.
 */
final class SseClientConnection extends ClientConnection {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final int LINE_CAPACITY = DATA.length + 1 + MessagePrefix.CAPACITY;
    private static final int MAX_CHUNK_SIZE_DIGITS = 16;

    private enum Chunk { SIZE, DATA, TRAILER }

    private final MessagePrefix prefix = new MessagePrefix();
    private final long[] numbers = new long[2];
    private final byte[] line = new byte[LINE_CAPACITY];
    private int lineLength;
    private boolean chunked;
    private boolean sawBody;
    private Chunk chunk = Chunk.SIZE;
    private long chunkLeft;
    private int sizeDigits;

    SseClientConnection(Cohort cohort, IoLoop loop, boolean stalled) {
        super(cohort, loop, stalled);
    }

    @Override
    protected String request(String host, int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n\r\n";
    }

    @Override
    protected String acceptHead(String head) {
        if (!head.startsWith("http/1.1 200")) {
            return "stream refused: " + head.lines().findFirst().orElse("");
        }
        chunked = head.contains("transfer-encoding: chunked");
        return null;
    }

    @Override
    protected void body(byte[] bytes, int offset, int length, long nowMicros) {
        if (!sawBody && length > 0) {
            sawBody = true;
            opened();
        }
        if (!chunked) {
            lines(bytes, offset, length, nowMicros);
            return;
        }
        int position = offset;
        int end = offset + length;
        while (position < end) {
            switch (chunk) {
                case SIZE -> position = chunkSize(bytes, position, end);
                case DATA -> {
                    int take = (int) Math.min(chunkLeft, end - position);
                    lines(bytes, position, take, nowMicros);
                    position += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        chunk = Chunk.TRAILER;
                    }
                }
                case TRAILER -> {
                    if (bytes[position++] == '\n') {
                        chunk = Chunk.SIZE;
                    }
                }
            }
        }
    }

    /** Reads the hex size line of the next chunk (extensions ignored). */
    private int chunkSize(byte[] bytes, int position, int end) {
        while (position < end) {
            byte b = bytes[position++];
            int digit = Character.digit(b, 16);
            if (digit >= 0 && sizeDigits >= 0 && sizeDigits < MAX_CHUNK_SIZE_DIGITS) {
                chunkLeft = chunkLeft * 16 + digit;
                sizeDigits++;
            } else if (b == '\n') {
                if (chunkLeft == 0) {
                    closeQuietly();                 // the last chunk: the server ended the stream
                    return end;
                }
                chunk = Chunk.DATA;
                sizeDigits = 0;
                return position;
            } else {
                sizeDigits = -1;                   // an extension or the CR: skip to the end of the line
            }
        }
        return position;
    }

    private void lines(byte[] bytes, int offset, int length, long nowMicros) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                lineEnd(nowMicros);
                lineLength = 0;
            } else if (b != '\r' && lineLength < LINE_CAPACITY) {
                line[lineLength++] = b;
            }
        }
    }

    private void lineEnd(long nowMicros) {
        if (lineLength < DATA.length) {
            return;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return;                             // id:, event:, a comment: not a message
            }
        }
        int start = DATA.length < lineLength && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
        prefix.reset();
        prefix.append(line, start, lineLength - start);
        if (prefix.parse(numbers)) {
            message(numbers[0], numbers[1], nowMicros);
        } else {
            cohort.unparsable();
        }
    }
}
