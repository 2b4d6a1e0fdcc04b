package dev.melody.stream.benchmarks.load;

/**
 * A Server-Sent Events client connection: a {@code GET} with {@code Accept: text/event-stream} (and
 * {@code Last-Event-ID} when resuming), then a parser of the body (chunked or not) into lines and events; each
 * event with data is one message (the benchmark's data is one line), or a marker when its type is one of the
 * library's ({@code melody.…}). Remembers the id of the last event, to resume from. The stream counts as open at
 * its first body bytes (the library's opening comment, or the baseline's), or for a server that holds its first
 * bytes back until the first message (Atmosphere, {@link Target#opensAtHead()}) at its response head.
 *
 * <p>Confined to its loop's thread, like every {@link ClientConnection}.
 */
final class SseClientConnection extends ClientConnection {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final byte[] ID = {'i', 'd', ':'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't', ':'};
    private static final byte[] MARKER_PREFIX = {'m', 'e', 'l', 'o', 'd', 'y', '.'};
    private static final int LINE_CAPACITY = DATA.length + 1 + MessagePrefix.CAPACITY;
    private static final int MAX_CHUNK_SIZE_DIGITS = 16;

    private enum Chunk { SIZE, DATA, TRAILER }

    private final MessagePrefix prefix = new MessagePrefix();
    private final long[] numbers = new long[2];
    private final byte[] line = new byte[LINE_CAPACITY];
    private int lineLength;
    private boolean chunked;
    private boolean sawBody;
    private boolean openAtHead;
    private Chunk chunk = Chunk.SIZE;
    private long chunkLeft;
    private int sizeDigits;
    private final String resumeFrom;
    private boolean eventHasData;                   // the current event's first data line is in prefix
    private String eventMarker;                     // the current event's type, when it is a library marker
    private final byte[] eventId = new byte[LINE_CAPACITY];
    private int eventIdLength = -1;                 // -1: the current event has no id field
    private final byte[] lastId = new byte[LINE_CAPACITY];
    private int lastIdLength = -1;

    SseClientConnection(ConnectionListener listener, IoLoop loop, boolean stalled) {
        this(listener, loop, stalled, null);
    }

    /**
     * A connection that counts as open once the response head accepted it, not at the first body bytes.
     *
     * @param openAtHead whether the stream counts as open at its response head
     */
    SseClientConnection(ConnectionListener listener, IoLoop loop, boolean stalled, boolean openAtHead) {
        this(listener, loop, stalled, null);
        this.openAtHead = openAtHead;
    }

    /**
     * A connection that resumes a stream.
     *
     * @param resumeFrom the id sent as {@code Last-Event-ID}, or {@code null} for none
     */
    SseClientConnection(ConnectionListener listener, IoLoop loop, boolean stalled, String resumeFrom) {
        super(listener, loop, stalled);
        this.resumeFrom = resumeFrom;
    }

    @Override
    protected String request(String host, int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n" + (resumeFrom == null ? "" : "Last-Event-ID: " + resumeFrom + "\r\n")
                + "\r\n";
    }

    /** Returns the id of the last event this connection dispatched, else the id it resumed from. */
    String lastEventId() {
        return lastIdLength < 0 ? resumeFrom
                : new String(lastId, 0, lastIdLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    protected String acceptHead(String head) {
        if (!head.startsWith("http/1.1 200")) {
            return "stream refused: " + head.lines().findFirst().orElse("");
        }
        chunked = head.contains("transfer-encoding: chunked");
        if (openAtHead) {
            sawBody = true;
            opened();
        }
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
        if (lineLength == 0) {
            dispatch(nowMicros);
        } else if (startsWith(DATA)) {
            if (!eventHasData) {
                eventHasData = true;                // the benchmark's data is one line: its first holds the numbers
                int start = valueStart(DATA);
                prefix.reset();
                prefix.append(line, start, lineLength - start);
            }
        } else if (startsWith(ID)) {
            int start = valueStart(ID);
            eventIdLength = lineLength - start;
            System.arraycopy(line, start, eventId, 0, eventIdLength);
        } else if (startsWith(EVENT)) {
            int start = valueStart(EVENT);
            if (lineLength - start >= MARKER_PREFIX.length
                    && java.util.Arrays.equals(line, start, start + MARKER_PREFIX.length, MARKER_PREFIX, 0,
                    MARKER_PREFIX.length)) {
                eventMarker = new String(line, start, lineLength - start, java.nio.charset.StandardCharsets.UTF_8);
            }
        }                                           // else a comment or retry:, not part of a message
    }

    /** A blank line ends an event: remember its id, then pass it on as a message or a marker. */
    private void dispatch(long nowMicros) {
        if (eventIdLength >= 0) {
            System.arraycopy(eventId, 0, lastId, 0, eventIdLength);
            lastIdLength = eventIdLength;
        }
        if (eventHasData) {
            if (eventMarker != null) {
                listener.marker(eventMarker);
            } else if (prefix.parse(numbers)) {
                message(numbers[0], numbers[1], nowMicros);
            } else {
                listener.unparsable();
            }
        }
        eventHasData = false;
        eventMarker = null;
        eventIdLength = -1;
    }

    private boolean startsWith(byte[] field) {
        return lineLength >= field.length && java.util.Arrays.equals(line, 0, field.length, field, 0, field.length);
    }

    private int valueStart(byte[] field) {
        return field.length < lineLength && line[field.length] == ' ' ? field.length + 1 : field.length;
    }
}
