package dev.melody.stream.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.spi.cluster.GoEnvelope;
import org.junit.jupiter.api.Test;

/** The sequencer script gets the envelope in two halves, and the cluster id it assigns goes between them. */
class SequencerScriptTest {

    private static final String ORIGIN = "0123456789abcdef0123456789abcdef";

    @Test
    void sequencerSplitsTheEnvelopeWhereTheClusterIdGoes() {
        String[] around = SequencerScript.around(ORIGIN, "orders", ServerSentEvent.of("x"));
        assertEquals(GoEnvelope.write(ORIGIN, "orders", ServerSentEvent.of("x"), null)
                        .replace("\"Id\":\"\"", "\"Id\":\"0123456789ab-1\""),
                around[0] + "0123456789ab-1" + around[1]);
    }
}
