package dev.melody.stream.backplane.conformance;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.spi.cluster.GoEnvelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's side of the channel: envelopes as a Go node writes them, bodies that no backplane may deliver (one per
 * cause a backplane counts), and reading what a {@link RawTap} sees.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class Envelopes {

    /** The origin of the Go node the suite plays on the raw channel. */
    static final String GO_ORIGIN = "00112233445566778899aabbccddeeff";

    /** Larger than the default {@code maxMessageBytes} of every backplane (1 MiB). */
    static final int OVERSIZE_BYTES = (1 << 20) + 1024;

    private Envelopes() {
    }

    /** An envelope as a Go node writes it, with {@link #GO_ORIGIN}. */
    static byte[] go(String topic, String id, String event, String data, long retryMillis) {
        ServerSentEvent sent = new ServerSentEvent(id == null || id.isEmpty() ? null : id, event, data,
                retryMillis > 0 ? Duration.ofMillis(retryMillis) : null);
        return GoEnvelope.bytes(GoEnvelope.write(GO_ORIGIN, topic, sent, null));
    }

    /**
     * Returns the malformed bodies, in the order the suite publishes them: not JSON, not an object, a number for
     * {@code Data}, a string for {@code Retry}, oversize, an empty topic, no event, a CR in {@code Id}.
     *
     * @param topic the topic of those that have a valid one
     * @return the bodies, each with a foreign origin (so that no node skips it as its own)
     */
    static List<byte[]> malformed(String topic) {
        String head = "{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"" + topic + "\"";
        return List.of(
                bytes("this is not JSON"),
                bytes("[\"an array, not an object\"]"),
                bytes(head + ",\"event\":{\"Id\":\"\",\"Event\":\"\",\"Data\":5,\"Retry\":0}}"),
                bytes(head + ",\"event\":{\"Id\":\"\",\"Event\":\"\",\"Data\":\"x\",\"Retry\":\"soon\"}}"),
                go(topic, null, null, "x".repeat(OVERSIZE_BYTES), 0),
                bytes("{\"origin\":\"" + GO_ORIGIN + "\",\"topic\":\"\",\"event\":{\"Id\":\"\",\"Event\":\"\","
                        + "\"Data\":\"empty topic\",\"Retry\":0}}"),
                bytes(head + "}"),
                bytes(head + ",\"event\":{\"Id\":\"a\\rb\",\"Event\":\"\",\"Data\":\"CR in Id\",\"Retry\":0}}"));
    }

    /** Parses a body as a JSON object with JSON-P. */
    static JsonObject json(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    /** Reads the tap until an envelope of {@code topic} comes; fails after the suite's timeout. */
    static byte[] nextOnTopic(RawTap tap, String topic) throws Exception {
        long deadline = System.nanoTime() + Waits.TIMEOUT.toNanos();
        List<String> others = new ArrayList<>();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            byte[] body = tap.next(Duration.ofNanos(left));
            if (body != null) {
                if (topic.equals(json(body).getString("topic", null))) {
                    return body;
                }
                others.add(new String(body, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no envelope of topic " + topic + " on the channel within "
                + Waits.TIMEOUT.toSeconds() + " s; others seen: " + others);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
