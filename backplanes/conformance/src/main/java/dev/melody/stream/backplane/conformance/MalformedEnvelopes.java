package dev.melody.stream.backplane.conformance;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.spi.cluster.GoEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Message bodies that no backplane may deliver, one per cause a backplane counts: not JSON, wrong types, oversize, an
 * invalid topic, no event, a CR in the id.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class MalformedEnvelopes {

    private MalformedEnvelopes() {
    }

    /**
     * Returns the malformed bodies, in the order the suite publishes them.
     *
     * @param topic the topic of those that have a valid one
     * @param origin the origin they carry (a foreign one, so that no node skips them as its own)
     * @param oversizeBytes a size above every node's largest accepted message
     * @return the bodies
     */
    static List<byte[]> all(String topic, String origin, int oversizeBytes) {
        String head = "{\"origin\":\"" + origin + "\",\"topic\":\"" + topic + "\"";
        return List.of(
                bytes("this is not JSON"),
                bytes("[\"an array, not an object\"]"),
                bytes(head + ",\"event\":{\"Id\":\"\",\"Event\":\"\",\"Data\":5,\"Retry\":0}}"),
                bytes(head + ",\"event\":{\"Id\":\"\",\"Event\":\"\",\"Data\":\"x\",\"Retry\":\"soon\"}}"),
                oversize(topic, origin, oversizeBytes),
                bytes("{\"origin\":\"" + origin + "\",\"topic\":\"\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                        + "\"Data\":\"empty topic\",\"Retry\":0}}"),
                bytes(head + "}"),
                bytes(head + ",\"event\":{\"Id\":\"a\\rb\",\"Event\":\"\",\"Data\":\"CR in Id\",\"Retry\":0}}"));
    }

    /** A well-formed envelope, but larger than accepted. */
    private static byte[] oversize(String topic, String origin, int bytes) {
        String data = "x".repeat(bytes);
        return GoEnvelope.bytes(GoEnvelope.write(origin, topic, ServerSentEvent.of(data), null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
