package dev.melody.stream.redis;

/**
 * A cluster event id, {@code <epoch>-<sequence>}: the epoch exactly 12 lowercase hex characters (the topic's history in
 * Redis), the sequence a decimal from 1 (its place in that history). The hub's default id format, so that the hub
 * reads these ids back as its own.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable value.
 *
 * @param epoch the epoch
 * @param sequence the sequence, from 1
 */
record ClusterId(String epoch, long sequence) {

    /** The length of an epoch. */
    static final int EPOCH_CHARS = 12;

    private static final int MAX_SEQUENCE_DIGITS = 19;

    /**
     * Reads an id.
     *
     * @param id the id, possibly {@code null} or of another format (a Go node's, an application's)
     * @return the id, or {@code null} when it is not a cluster id
     */
    static ClusterId parse(String id) {
        if (id == null || id.length() < EPOCH_CHARS + 2 || id.length() > EPOCH_CHARS + 1 + MAX_SEQUENCE_DIGITS
                || id.charAt(EPOCH_CHARS) != '-') {
            return null;
        }
        for (int i = 0; i < EPOCH_CHARS; i++) {
            if (!isEpochChar(id.charAt(i))) {
                return null;
            }
        }
        long sequence = 0;
        for (int i = EPOCH_CHARS + 1; i < id.length(); i++) {
            int digit = id.charAt(i) - '0';
            if (digit < 0 || digit > 9 || sequence > (Long.MAX_VALUE - digit) / 10) {
                return null;
            }
            sequence = sequence * 10 + digit;
        }
        return sequence < 1 ? null : new ClusterId(id.substring(0, EPOCH_CHARS), sequence);
    }

    /**
     * Tells whether a text is an epoch.
     *
     * @param text the candidate
     * @return {@code true} for 12 lowercase hex characters
     */
    static boolean isEpoch(String text) {
        if (text == null || text.length() != EPOCH_CHARS) {
            return false;
        }
        for (int i = 0; i < EPOCH_CHARS; i++) {
            if (!isEpochChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEpochChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    @Override
    public String toString() {
        return epoch + '-' + sequence;
    }
}
