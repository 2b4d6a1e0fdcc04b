package dev.melody.stream.impl.hub;

import dev.melody.stream.spi.EventIdScheme;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The default {@link EventIdScheme}: a random epoch of {@value #EPOCH_CHARS} lowercase hex characters for every new
 * topic history, and ids {@code <epoch>-<sequence>} such as {@code 3f9a1c07b2e4-17}.
 *
 * <p><b>Why random.</b> A restarted or redeployed application, or a topic whose log expired, starts its sequence at 1
 * again; a fresh epoch makes the ids of the new history differ from every id a client kept from an old one, so a
 * resume with an old id is recognised as foreign instead of replaying unrelated events. 48 random bits make two
 * histories of one topic sharing an epoch a chance of about one in 10<sup>14</sup>.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless but for a thread-safe {@link SecureRandom}; one per hub.
 */
final class EpochEventIds implements EventIdScheme {

    /** The length of an epoch. */
    static final int EPOCH_CHARS = 12;

    /** The longest sequence accepted back: {@code Long.MAX_VALUE} has 19 digits. */
    private static final int MAX_SEQUENCE_DIGITS = 19;

    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();

    @Override
    public String newEpoch(String topic) {
        byte[] bytes = new byte[EPOCH_CHARS / 2];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    @Override
    public String format(Position position) {
        return position.epoch() + '-' + position.sequence();
    }

    @Override
    public Position parse(String id) {
        if (id == null || id.length() < EPOCH_CHARS + 2 || id.length() > EPOCH_CHARS + 1 + MAX_SEQUENCE_DIGITS
                || id.charAt(EPOCH_CHARS) != '-') {
            return null;
        }
        for (int i = 0; i < EPOCH_CHARS; i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || Character.isUpperCase(id.charAt(i))) {
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
        return sequence < 1 ? null : new Position(id.substring(0, EPOCH_CHARS), sequence);
    }
}
