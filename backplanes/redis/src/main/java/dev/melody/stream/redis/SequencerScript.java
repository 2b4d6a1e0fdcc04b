package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The shared sequencer: one Lua script that gives a topic's next event its place in the cluster's order, keeps it in
 * the topic's history and publishes it, all in one atomic step.
 *
 * <p><b>Keys</b> (one hash tag per topic, so a Redis Cluster keeps them on one shard):
 * {@code <channel>:{<topic>}:epoch} (12 hex characters), {@code :seq} (the last sequence given) and {@code :log} (a
 * stream of envelopes with ids {@code <seq>-0}, trimmed to about the hub's {@code historySize}: {@code MAXLEN ~}
 * keeps at least that many and trims whole radix-tree nodes, which is much cheaper than exact trimming). When the epoch or the
 * sequence is missing (a new topic, expired keys, a Redis restarted empty), the candidate epoch the node passes
 * becomes the topic's epoch and the sequence starts again at 1; the old stream is deleted. With a positive
 * {@code historyTtl} every call extends the three keys' life to it. The script publishes each envelope with its id
 * {@code <epoch>-<seq>} and returns {@code {epoch, first seq}}; one call takes several events of a topic, which get
 * consecutive sequences.
 *
 * <p>Because the script is atomic and publishes inside itself, the channel carries a topic's events in sequence
 * order; a node that misses some (its connection broke) finds them in the stream.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable constants and pure functions.
 */
final class SequencerScript {

    /**
     * The script; {@code KEYS} epoch, seq, log; {@code ARGV} candidate epoch, maxlen, ttl ms, channel, then a prefix
     * and a suffix per event (one call sequences several events of one topic, in order).
     */
    static final String SOURCE = String.join("\n",
            "local epoch = redis.call('GET', KEYS[1])",
            "if (not epoch) or redis.call('EXISTS', KEYS[2]) == 0 then",
            "  epoch = ARGV[1]",
            "  redis.call('SET', KEYS[1], epoch)",
            "  redis.call('DEL', KEYS[2], KEYS[3])",
            "end",
            "local count = (#ARGV - 4) / 2",
            "local first = redis.call('INCRBY', KEYS[2], count) - count + 1",
            "for i = 0, count - 1 do",
            "  local seq = string.format('%d', first + i)",
            "  local envelope = ARGV[5 + 2 * i] .. epoch .. '-' .. seq .. ARGV[6 + 2 * i]",
            "  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'm', envelope)",
            "  redis.call('PUBLISH', ARGV[4], envelope)",
            "end",
            "local ttl = tonumber(ARGV[3])",
            "if ttl > 0 then",
            "  redis.call('PEXPIRE', KEYS[1], ttl)",
            "  redis.call('PEXPIRE', KEYS[2], ttl)",
            "  redis.call('PEXPIRE', KEYS[3], ttl)",
            "end",
            "return {epoch, first}");

    /** The most events one call sequences. */
    static final int MAX_EVENTS_PER_CALL = 64;

    /** The script's SHA-1, for {@code EVALSHA}. */
    static final String SHA = sha1(SOURCE);

    /** The stream field holding the envelope. */
    static final String FIELD = "m";

    private static final String ID_KEY = "\"event\":{\"Id\":\"";
    private static final String CLUSTER_KEY = ",\"cluster\":\"";

    private SequencerScript() {
    }

    /** The three keys of a topic. */
    static List<byte[]> keys(String channel, String topic) {
        String base = channel + ":{" + topic + "}:";
        return List.of(utf8(base + "epoch"), utf8(base + "seq"), utf8(base + "log"));
    }

    static byte[] epochKey(String channel, String topic) {
        return utf8(channel + ":{" + topic + "}:epoch");
    }

    static byte[] seqKey(String channel, String topic) {
        return utf8(channel + ":{" + topic + "}:seq");
    }

    static byte[] logKey(String channel, String topic) {
        return utf8(channel + ":{" + topic + "}:log");
    }

    /**
     * Returns the script's arguments for one event.
     *
     * @param call what to sequence and where
     * @return {@code ARGV}
     */
    static List<byte[]> arguments(Call call) {
        return arguments(call, List.of(call.event()));
    }

    /**
     * Returns the script's arguments for several events of one topic, sequenced in list order.
     *
     * @param call where, and how ({@link Call#event()} is ignored)
     * @param events the events, at most {@value #MAX_EVENTS_PER_CALL}
     * @return {@code ARGV}
     */
    static List<byte[]> arguments(Call call, List<ServerSentEvent> events) {
        List<byte[]> args = new ArrayList<>(4 + 2 * events.size());
        args.add(utf8(call.candidateEpoch()));
        args.add(utf8(Long.toString(call.maxLength())));
        args.add(utf8(Long.toString(call.ttlMillis())));
        args.add(utf8(call.channel()));
        for (ServerSentEvent event : events) {
            String[] around = around(call.origin(), call.topic(), event);
            args.add(utf8(around[0]));
            args.add(utf8(around[1]));
        }
        return args;
    }

    /**
     * Splits an event's envelope where the script writes the cluster id: into {@code Id} when the event has no id of
     * its own, else into the {@code cluster} key.
     */
    static String[] around(String origin, String topic, ServerSentEvent event) {
        if (event.id() == null) {
            String json = GoEnvelope.write(origin, topic, event, null);
            int at = json.indexOf(ID_KEY) + ID_KEY.length();
            return new String[] {json.substring(0, at), json.substring(at)};
        }
        String json = GoEnvelope.write(origin, topic, event, "");
        int at = json.lastIndexOf(CLUSTER_KEY) + CLUSTER_KEY.length();
        return new String[] {json.substring(0, at), json.substring(at)};
    }

    /**
     * One call of the script.
     *
     * @param channel the channel and key prefix
     * @param origin this node's origin
     * @param topic the topic
     * @param event the event to sequence
     * @param candidateEpoch the epoch to use if the topic has none
     * @param maxLength the stream's bound
     * @param ttlMillis the keys' time to live, 0 for none
     */
    record Call(String channel, String origin, String topic, ServerSentEvent event, String candidateEpoch,
                long maxLength, long ttlMillis) {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(utf8(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
