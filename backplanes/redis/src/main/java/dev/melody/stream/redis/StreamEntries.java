package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the raw reply of {@code XRANGE} on a topic's stream: entries {@code <seq>-0} with the envelope in field
 * {@value SequencerScript#FIELD}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class StreamEntries {

    private StreamEntries() {
    }

    /**
     * Parses the entries; one that is not the sequencer's (another id form, no envelope, a malformed one) is skipped.
     *
     * @param raw the reply, a list of {@code [id, [field, value, …]]}
     * @param maxBytes the largest envelope accepted
     * @return sequence and envelope of each entry, ascending
     */
    static List<Map.Entry<Long, GoEnvelope.Parsed>> parse(List<Object> raw, int maxBytes) {
        List<Map.Entry<Long, GoEnvelope.Parsed>> entries = new ArrayList<>(raw == null ? 0 : raw.size());
        if (raw == null) {
            return entries;
        }
        for (Object item : raw) {
            if (!(item instanceof List<?> entry) || entry.size() < 2 || !(entry.get(0) instanceof byte[] id)
                    || !(entry.get(1) instanceof List<?> fields)) {
                continue;
            }
            long seq = sequence(new String(id, StandardCharsets.US_ASCII));
            byte[] envelope = field(fields);
            if (seq < 1 || envelope == null) {
                continue;
            }
            try {
                entries.add(Map.entry(seq, GoEnvelope.read(envelope, maxBytes)));
            } catch (GoEnvelope.Malformed e) {
                // written by a foreign hand; the sequence stays a hole and becomes a gap marker
            }
        }
        return entries;
    }

    private static long sequence(String id) {
        int dash = id.indexOf('-');
        if (dash < 1 || !id.endsWith("-0")) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] field(List<?> fields) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (fields.get(i) instanceof byte[] name && fields.get(i + 1) instanceof byte[] value
                    && SequencerScript.FIELD.equals(new String(name, StandardCharsets.US_ASCII))) {
                return value;
            }
        }
        return null;
    }
}
