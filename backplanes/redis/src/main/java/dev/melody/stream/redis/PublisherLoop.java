package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The publisher thread: sequences queued broadcasts through the {@link SequencerScript} in pipelined batches and feeds
 * the replies to this node's {@link ClusterOrder}; fills sequence holes from the topics' streams; after a reconnect,
 * fills every followed topic and publishes this node's gap notices.
 *
 * <p><b>Thread-safety.</b> Runs on one thread; its connection is that thread's alone.
 *
 * <p><b>Lifecycle.</b> Started by {@link RedisBackplane#start}; ends soon after the backplane closes (its waits are
 * short polls), closing its connection.
 */
final class PublisherLoop implements Runnable {

    private static final int MAX_BATCH = 512;
    private static final byte[] SHA = SequencerScript.SHA.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = SequencerScript.SOURCE.getBytes(StandardCharsets.UTF_8);

    private final RedisBackplane backplane;
    private final ClusterOrder order;
    private final long holeWaitNanos;
    private final long startWaitNanos;
    private final long pollMillis;
    private final List<RedisBackplane.Pending> batch = new ArrayList<>(MAX_BATCH);
    private Jedis connection;
    private String candidate;   // one per batch: it only matters for a topic without an epoch; topics share no ids

    PublisherLoop(RedisBackplane backplane, ClusterOrder order) {
        this.backplane = backplane;
        this.order = order;
        this.holeWaitNanos = backplane.settings.holeWait().toNanos();
        this.startWaitNanos = Math.max(holeWaitNanos, backplane.settings.timeout().toNanos());
        this.pollMillis = Math.max(5, Math.min(50, backplane.settings.holeWait().toMillis() / 2));
    }

    @Override
    public void run() {
        try {
            while (!backplane.closing()) {
                try {
                    step();
                } catch (InterruptedException e) {
                    if (backplane.closing()) {
                        break;
                    }
                } catch (JedisException e) {
                    failed(e);
                } catch (RuntimeException | LinkageError e) {
                    backplane.log.log("publisher-bug", Level.ERROR, () -> "Redis backplane publisher failed: " + e);
                    failed(e);
                }
            }
        } finally {
            closeConnection();
        }
    }

    private void step() throws InterruptedException {
        if (backplane.state() == RedisBackplane.State.CONNECTED) {
            if (backplane.recoveryRequested.getAndSet(false)) {
                recover();
            }
            for (Map.Entry<String, TopicOrder.Hole> due : order.dueHoles(holeWaitNanos, startWaitNanos)) {
                fill(due.getKey(), due.getValue());
            }
            if (backplane.noticesDue.getAndSet(false)) {
                queueNotices();   // broadcasts delivered alone while connected (queue full, script failure)
            }
        }
        RedisBackplane.Pending first = backplane.queue.poll(pollMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        backplane.queue.drainTo(batch, MAX_BATCH - 1);
        try {
            if (backplane.state() == RedisBackplane.State.CONNECTED) {
                if (backplane.recoveryRequested.getAndSet(false)) {
                    recover();   // reconnected while this thread waited: never use the connection of before
                }
                sequence();
            }
        } finally {
            for (RedisBackplane.Pending pending : batch) {
                if (!pending.done().isDone()) {
                    degrade(pending);
                }
            }
            batch.clear();
        }
    }

    private void sequence() {
        Jedis jedis = connection();
        candidate = backplane.candidateEpoch();
        List<List<RedisBackplane.Pending>> calls = calls();
        List<Response<Object>> replies = new ArrayList<>(calls.size());
        for (List<RedisBackplane.Pending> call : calls) {
            order.expect(call.get(0).topic());   // before the channel can carry them: a new topic's start is unknown
        }
        try (Pipeline pipeline = jedis.pipelined()) {
            for (List<RedisBackplane.Pending> call : calls) {
                replies.add(pipeline.evalsha(SHA, keys(call.get(0)), arguments(call)));
            }
            pipeline.sync();
        }
        List<List<RedisBackplane.Pending>> reload = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            List<RedisBackplane.Pending> call = calls.get(i);
            try {
                accept(call, replies.get(i).get());
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                    reload.add(call);
                } else {
                    backplane.log.log("script", Level.WARNING, () -> "Redis backplane could not sequence events of"
                            + " topic '" + call.get(0).topic() + "' (delivered on this node only): " + e.getMessage());
                }
            }
        }
        if (!reload.isEmpty()) {
            jedis.scriptLoad(SOURCE);   // SCRIPT FLUSH while connected: load again, then run in order
            for (List<RedisBackplane.Pending> call : reload) {
                accept(call, jedis.evalsha(SHA, keys(call.get(0)), arguments(call)));
            }
        }
    }

    /** The batch as script calls: per topic in arrival order, at most {@code MAX_EVENTS_PER_CALL} events each. */
    private List<List<RedisBackplane.Pending>> calls() {
        Map<String, List<RedisBackplane.Pending>> open = new HashMap<>();
        List<List<RedisBackplane.Pending>> calls = new ArrayList<>();
        for (RedisBackplane.Pending pending : batch) {
            List<RedisBackplane.Pending> call = open.get(pending.topic());
            if (call == null || call.size() == SequencerScript.MAX_EVENTS_PER_CALL) {
                call = new ArrayList<>();
                open.put(pending.topic(), call);
                calls.add(call);
            }
            call.add(pending);
        }
        return calls;
    }

    private List<byte[]> keys(RedisBackplane.Pending pending) {
        return SequencerScript.keys(backplane.settings.channel(), pending.topic());
    }

    private List<byte[]> arguments(List<RedisBackplane.Pending> call) {
        List<ServerSentEvent> events = new ArrayList<>(call.size());
        for (RedisBackplane.Pending pending : call) {
            events.add(pending.event());
        }
        return SequencerScript.arguments(new SequencerScript.Call(backplane.settings.channel(), backplane.origin,
                call.get(0).topic(), null, candidate, backplane.streamLength, backplane.ttlMillis), events);
    }

    private void accept(List<RedisBackplane.Pending> call, Object reply) {
        if (!(reply instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof byte[] epoch)
                || !(list.get(1) instanceof Long first)) {
            throw new JedisDataException("unexpected reply of the sequencer script: " + reply);
        }
        String epochText = new String(epoch, StandardCharsets.US_ASCII);
        if (!ClusterId.isEpoch(epochText) || first < 1) {
            throw new JedisDataException("key " + backplane.settings.channel() + ":{" + call.get(0).topic()
                    + "}:epoch holds '" + epochText + "', not 12 lowercase hex characters; delete it to start a new"
                    + " epoch");
        }
        for (int i = 0; i < call.size(); i++) {
            accept(call.get(i), new ClusterId(epochText, first + i));
        }
    }

    private void accept(RedisBackplane.Pending pending, ClusterId id) {
        ServerSentEvent event = pending.event();
        if (pending.missed() > 0) {
            backplane.counters.gapNotices.increment();
            order.offer(pending.topic(), id, null, false);   // a node skips its own notice
        } else {
            backplane.counters.published.increment();
            order.offer(pending.topic(), id, event.id() == null ? event.withId(id.toString()) : event, false);
        }
        pending.done().complete(null);
    }

    private void degrade(RedisBackplane.Pending pending) {
        if (pending.missed() > 0) {
            backplane.deliveredAlone.computeIfAbsent(pending.topic(), t -> new java.util.concurrent.atomic.LongAdder())
                    .add(pending.missed());   // the notice waits for the next recovery
            pending.done().completeExceptionally(RedisUnavailableException.INSTANCE);
            return;
        }
        CompletableFuture<Void> local = backplane.deliverAlone(pending.topic(), pending.event());
        local.whenComplete((ignored, failure) -> pending.done().completeExceptionally(failure));
    }

    /** After a (re)subscription: a fresh connection, every followed topic filled, then this node's gap notices. */
    private void recover() {
        closeConnection();
        for (Map.Entry<String, TopicOrder.Hole> topic : order.afterCursors()) {
            fill(topic.getKey(), topic.getValue());
        }
        queueNotices();
    }

    /** Queues one gap notice per topic delivered alone, for the other nodes' subscribers. */
    private void queueNotices() {
        for (Map.Entry<String, java.util.concurrent.atomic.LongAdder> alone : backplane.deliveredAlone.entrySet()) {
            long missed = alone.getValue().sumThenReset();
            if (missed > 0) {
                ServerSentEvent notice = ServerSentEvent.of(StreamMarkers.GAP, StreamMarkers.gapData(missed));
                if (!backplane.queue.offer(new RedisBackplane.Pending(alone.getKey(), notice, missed,
                        new CompletableFuture<>()))) {
                    alone.getValue().add(missed);
                    backplane.noticesDue.set(true);   // the queue is full: try again on the next turn
                }
            }
        }
    }

    private void fill(String topic, TopicOrder.Hole hole) {
        String channel = backplane.settings.channel();
        byte[] from = (hole.from() + "-0").getBytes(StandardCharsets.US_ASCII);
        byte[] to = (hole.to() == Long.MAX_VALUE ? "+" : hole.to() + "-0").getBytes(StandardCharsets.US_ASCII);
        Response<byte[]> epoch;
        Response<byte[]> head;
        Response<List<Object>> range;
        try (Pipeline pipeline = connection().pipelined()) {
            epoch = pipeline.get(SequencerScript.epochKey(channel, topic));
            head = pipeline.get(SequencerScript.seqKey(channel, topic));
            range = pipeline.xrange(SequencerScript.logKey(channel, topic), from, to, (int) backplane.streamLength);
            pipeline.sync();
        }
        List<Map.Entry<Long, ServerSentEvent>> entries = new ArrayList<>();
        for (Map.Entry<Long, GoEnvelope.Parsed> entry
                : StreamEntries.parse(range.get(), backplane.settings.maxMessageBytes())) {
            GoEnvelope.Parsed parsed = entry.getValue();
            boolean ownNotice = backplane.origin.equals(parsed.origin()) && StreamMarkers.GAP.equals(parsed.event().event());
            entries.add(new java.util.AbstractMap.SimpleEntry<>(entry.getKey(), ownNotice ? null : parsed.event()));
        }
        byte[] epochBytes = epoch.get();
        byte[] headBytes = head.get();
        order.filled(topic, new ClusterOrder.StreamRead(hole,
                epochBytes == null ? null : new String(epochBytes, StandardCharsets.US_ASCII),
                headBytes == null ? 0 : Long.parseLong(new String(headBytes, StandardCharsets.US_ASCII)), entries));
        backplane.counters.holesFilled.increment();
    }

    /**
     * The publisher's connection, opened when first needed; the sequencer script is loaded on it before its first
     * use. NOTE: loading it only after a {@code NOSCRIPT} reply would break a publisher's order when another node
     * loads the script in the middle of a pipeline: the calls before that moment fail and run again after the calls
     * that followed them had succeeded. Now only a {@code SCRIPT FLUSH} while connected can do that.
     */
    private Jedis connection() {
        if (connection == null) {
            Jedis opened = backplane.connector.open("publisher");
            try {
                opened.scriptLoad(SOURCE);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    private void failed(Throwable e) {
        closeConnection();
        backplane.connectionLost(e);
    }

    private void closeConnection() {
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
