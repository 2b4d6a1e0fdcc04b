package dev.melody.stream.tck.cluster;

import dev.melody.stream.redis.testing.RespClient;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A stand-in for a Go Melody node on the channel, speaking raw RESP (no client library of ours in between): it
 * publishes envelopes as Go's {@code encoding/json} writes them, under an origin of its own, and reads what the Java
 * nodes publish.
 *
 * <p><b>Thread-safety and lifecycle.</b> Not thread-safe: used by the test thread. Made by {@link #connect}; holds one
 * connection for publishing and, after {@link #subscribe()}, one subscribed connection; {@link #close()} closes both.
 */
final class GoNode implements AutoCloseable {

    /** Go Melody's channel, the backplane's default. */
    static final String CHANNEL = "melody:sse";

    private final int port;
    private final RespClient publisher;
    private final String origin = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private RespClient subscriber;

    private GoNode(int port, RespClient publisher) {
        this.port = port;
        this.publisher = publisher;
    }

    /**
     * Connects to Redis on 127.0.0.1.
     *
     * @param port Redis' port
     * @return the connected node
     * @throws IOException when Redis cannot be reached within {@link Bounds#WAIT}
     */
    static GoNode connect(int port) throws IOException {
        return new GoNode(port, RespClient.connect(port, Bounds.WAIT));
    }

    /**
     * Publishes one event the way Go Melody's Redis backplane does:
     * {@code {"origin":…,"topic":…,"event":{"Id":…,"Event":"","Data":…,"Retry":0}}}.
     *
     * @param topic the topic
     * @param id the event's id (plain characters only: it is written as is)
     * @param data the event's data (plain characters only)
     * @return how many subscribers of the channel Redis handed it to
     * @throws IOException when Redis fails
     */
    long publish(String topic, String id, String data) throws IOException {
        String envelope = "{\"origin\":\"" + origin + "\",\"topic\":\"" + topic + "\",\"event\":{\"Id\":\"" + id
                + "\",\"Event\":\"\",\"Data\":\"" + data + "\",\"Retry\":0}}";
        return publisher.publish(CHANNEL, envelope.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Subscribes to the channel, as a Go node's listener does.
     *
     * @throws IOException when Redis does not confirm within {@link Bounds#WAIT}
     */
    void subscribe() throws IOException {
        subscriber = RespClient.connect(port, Bounds.WAIT);
        subscriber.subscribe(CHANNEL);
    }

    /**
     * Reads the channel until the envelope of an event with this data on this topic comes, bounded by
     * {@link Bounds#WAIT}; other messages are passed over.
     *
     * @param topic the topic
     * @param data the event's data
     * @return the envelope, parsed with JSON-P
     * @throws IOException when Redis fails
     * @throws AssertionError when it does not come in time (with every message seen meanwhile)
     */
    JsonObject awaitEnvelope(String topic, String data) throws IOException {
        long deadline = System.nanoTime() + Bounds.WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            byte[] message = subscriber.nextMessage(Duration.ofNanos(left));
            if (message == null) {
                break;
            }
            String text = new String(message, StandardCharsets.UTF_8);
            seen.add(text);
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                JsonObject envelope = reader.readObject();
                JsonObject event = envelope.getJsonObject("event");
                if (topic.equals(envelope.getString("topic", null)) && event != null
                        && data.equals(event.getString("Data", null))) {
                    return envelope;
                }
            } catch (JsonException | ClassCastException e) {
                // not an envelope: reported with the rest if the one awaited never comes
            }
        }
        throw new AssertionError("no envelope of '" + data + "' on " + topic + " in " + CHANNEL + " within "
                + Bounds.WAIT + "; seen: " + seen);
    }

    @Override
    public void close() {
        publisher.close();
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
