package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.ServerSentEvent;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Answers {@link RedisBackplane#history}: the events of a topic's Redis stream after an id, when the stream covers it
 * exactly.
 *
 * <p><b>Thread-safety.</b> Called on subscribing threads; one read at a time on one connection, behind a lock that a
 * caller waits for no longer than the timeout. The read itself is bounded by the connection's timeout.
 *
 * <p><b>Lifecycle.</b> One per started backplane; its connection opens on the first read and closes with the
 * backplane.
 */
final class HistoryReader {

    private final RedisBackplane backplane;
    private final ReentrantLock lock = new ReentrantLock();
    private Jedis connection;   // guarded by lock
    private boolean closed;     // guarded by lock

    HistoryReader(RedisBackplane backplane) {
        this.backplane = backplane;
    }

    List<ServerSentEvent> read(String topic, String afterId) {
        ClusterId after = ClusterId.parse(afterId);
        if (after == null) {
            return null;
        }
        try {
            if (!lock.tryLock(backplane.settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return closed ? null : readLocked(topic, after);
        } catch (JedisException e) {
            closeLocked();
            backplane.log.log("history", Level.INFO, () -> "Redis backplane could not read the history of topic '"
                    + topic + "' (the client gets the resync marker): " + e.getMessage());
            return null;
        } finally {
            lock.unlock();
        }
    }

    private List<ServerSentEvent> readLocked(String topic, ClusterId after) {
        if (connection == null) {
            connection = backplane.connector.open("history");
        }
        String channel = backplane.settings.channel();
        Response<byte[]> epoch;
        Response<byte[]> head;
        Response<List<Object>> range;
        try (Pipeline pipeline = connection.pipelined()) {
            epoch = pipeline.get(SequencerScript.epochKey(channel, topic));
            head = pipeline.get(SequencerScript.seqKey(channel, topic));
            range = pipeline.xrange(SequencerScript.logKey(channel, topic),
                    (after.sequence() + "-0").getBytes(StandardCharsets.US_ASCII),
                    "+".getBytes(StandardCharsets.US_ASCII), backplane.historySize + 1);
            pipeline.sync();
        }
        byte[] epochBytes = epoch.get();
        byte[] headBytes = head.get();
        if (epochBytes == null || headBytes == null
                || !after.epoch().equals(new String(epochBytes, StandardCharsets.US_ASCII))) {
            return null;   // another epoch, or expired
        }
        long last = Long.parseLong(new String(headBytes, StandardCharsets.US_ASCII));
        if (after.sequence() > last || last - after.sequence() > backplane.historySize) {
            return null;   // from the future, or older than the history keeps
        }
        List<Map.Entry<Long, GoEnvelope.Parsed>> entries =
                StreamEntries.parse(range.get(), backplane.settings.maxMessageBytes());
        if (last == after.sequence()) {
            return List.of();
        }
        if (entries.isEmpty() || entries.get(0).getKey() > after.sequence() + 1) {
            return null;   // trimmed past the id
        }
        List<ServerSentEvent> events = new ArrayList<>(entries.size());
        long expected = after.sequence() + 1;
        for (Map.Entry<Long, GoEnvelope.Parsed> entry : entries) {
            if (entry.getKey() < expected) {
                continue;
            }
            if (entry.getKey() != expected) {
                return null;   // a hole in the stream: not an exact replay
            }
            events.add(entry.getValue().event());
            expected++;
        }
        return events;
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void closeLocked() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // broken already
            }
            connection = null;
        }
    }
}
