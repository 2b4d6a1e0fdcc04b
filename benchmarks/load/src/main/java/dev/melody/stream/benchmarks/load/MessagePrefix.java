package dev.melody.stream.benchmarks.load;

/**
 * Reads {@code <seq> <epochMicros> …} from the first bytes of a message without making a string.
 *
 * <p>Each connection owns one; not thread-safe. Collects at most {@value #CAPACITY} bytes of each message, which
 * holds both numbers.
 */
final class MessagePrefix {

    static final int CAPACITY = 48;
    private static final int NUMBERS = 2;

    private final byte[] bytes = new byte[CAPACITY];
    private int length;

    void reset() {
        length = 0;
    }

    /** Appends the message's next bytes; keeps only the first {@value #CAPACITY}. */
    void append(byte[] source, int offset, int count) {
        int take = Math.min(count, CAPACITY - length);
        if (take > 0) {
            System.arraycopy(source, offset, bytes, length, take);
            length += take;
        }
    }

    /**
     * Parses the two numbers.
     *
     * @param out receives the sequence number in {@code [0]} and the timestamp in {@code [1]}
     * @return {@code false} if the prefix does not hold two numbers
     */
    boolean parse(long[] out) {
        int position = 0;
        for (int n = 0; n < NUMBERS; n++) {
            long value = 0;
            int digits = 0;
            while (position < length && bytes[position] >= '0' && bytes[position] <= '9') {
                value = value * 10 + (bytes[position++] - '0');
                digits++;
            }
            if (digits == 0) {
                return false;
            }
            out[n] = value;
            position++;                             // the space
        }
        return true;
    }
}
