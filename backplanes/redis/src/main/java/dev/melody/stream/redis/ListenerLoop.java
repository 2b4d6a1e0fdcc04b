package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.ServerSentEventHub;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * The listener thread: holds a blocking {@code SUBSCRIBE} on the channel, hands the other nodes' sequenced events to
 * the {@link ClusterOrder} and delivers unsequenced ones (Go nodes') as they come; reconnects with a backoff of 1 s
 * doubling to 30 s, reset only after a subscription that lived at least 1 s (as Go Melody).
 *
 * <p><b>Thread-safety.</b> Runs on one thread; {@link RedisBackplane#close} ends it by disconnecting its connection
 * and releasing its wait.
 *
 * <p><b>Lifecycle.</b> Started by {@link RedisBackplane#start}; ends when the backplane closes.
 */
final class ListenerLoop implements Runnable {

    private final RedisBackplane backplane;
    private final ClusterOrder order;
    private final byte[] channel;
    private final byte[] ownPrefix;

    ListenerLoop(RedisBackplane backplane, ClusterOrder order) {
        this.backplane = backplane;
        this.order = order;
        this.channel = backplane.settings.channel().getBytes(StandardCharsets.UTF_8);
        this.ownPrefix = ("{\"origin\":\"" + backplane.origin + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] message, byte[] prefix) {
        if (message.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void run() {
        long backoff = RedisBackplane.INITIAL_BACKOFF.toNanos();
        while (!backplane.closing()) {
            Subscription subscription = new Subscription();
            Throwable failure = null;
            try {
                subscription.connection = backplane.connector.open("listener");
                if (backplane.closing()) {
                    break;
                }
                subscription.connection.subscribe(subscription, channel);   // blocks until the connection ends
            } catch (RuntimeException e) {
                failure = e;
            } catch (LinkageError e) {
                failure = e;   // a class missing from the WAR: say so, keep trying, never die silently
                backplane.log.log("listener-linkage", java.lang.System.Logger.Level.ERROR,
                        () -> "Redis backplane listener cannot run (a class is missing from the application): " + e);
            } finally {
                backplane.unsubscribed();
                if (subscription.connection != null) {
                    subscription.connection.close();
                }
            }
            if (backplane.closing()) {
                break;
            }
            backplane.connectionLost(failure);
            if (subscription.since != 0
                    && System.nanoTime() - subscription.since >= RedisBackplane.INITIAL_BACKOFF.toNanos()) {
                backoff = RedisBackplane.INITIAL_BACKOFF.toNanos();
            }
            try {
                if (backplane.closed.await(backoff, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (backplane.closing()) {
                    break;
                }
            }
            backoff = Math.min(backoff * 2, RedisBackplane.MAX_BACKOFF.toNanos());
        }
    }

    private void handle(byte[] message) {
        if (startsWith(message, ownPrefix)) {
            if (order.anyUnstarted()) {
                echoed(message);   // it may fix a topic's start; else no echo, and no parse either
            }
            return;
        }
        GoEnvelope.Parsed parsed;
        try {
            parsed = GoEnvelope.read(message, backplane.settings.maxMessageBytes());
        } catch (GoEnvelope.Malformed e) {
            backplane.malformed(e);
            return;
        }
        if (backplane.origin.equals(parsed.origin())) {
            return;   // no echo: this node delivered its own events from the sequencer's replies
        }
        ClusterId id = ClusterId.parse(parsed.cluster() != null ? parsed.cluster() : parsed.event().id());
        if (id == null) {
            backplane.counters.unsequenced.increment();
            ServerSentEventHub hub = backplane.hub();
            hub.deliverLocal(parsed.topic(), parsed.event());
            return;
        }
        order.offer(parsed.topic(), id, parsed.event(), true);
    }

    private void echoed(byte[] message) {
        try {
            GoEnvelope.Parsed parsed = GoEnvelope.read(message, Integer.MAX_VALUE);
            ClusterId id = ClusterId.parse(parsed.cluster() != null ? parsed.cluster() : parsed.event().id());
            if (id != null) {
                order.echoed(parsed.topic(), id);
            }
        } catch (GoEnvelope.Malformed e) {
            // this node wrote it: cannot happen, and an own envelope is never delivered anyway
        }
    }

    /** One connection's subscription; Jedis calls it on the listener thread. */
    private final class Subscription extends BinaryJedisPubSub {
        private Jedis connection;
        private long since;

        @Override
        public void onSubscribe(byte[] subscribed, int count) {
            since = System.nanoTime();
            backplane.subscribed(connection);
        }

        @Override
        public void onMessage(byte[] from, byte[] message) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                backplane.log.log("listener", Level.WARNING, () -> "Redis backplane could not deliver a message of"
                        + " channel " + backplane.settings.channel() + ": " + e);
            }
        }
    }
}
