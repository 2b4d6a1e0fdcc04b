package dev.melody.stream.redis;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.backplane.conformance.BackplaneFixture;
import dev.melody.stream.backplane.conformance.RawTap;
import dev.melody.stream.redis.testing.RedisProcess;
import dev.melody.stream.redis.testing.RespClient;
import dev.melody.stream.spi.Backplane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance suite's fixture for Redis: a real {@code redis-server} per test, nodes made by the provider as an
 * application's would be, and raw RESP connections on the default channel for the Go node's side.
 *
 * <p><b>Thread-safety.</b> Driven by the test thread; {@link #connected} and {@link #malformed} read the nodes'
 * thread-safe statistics.
 *
 * <p><b>Lifecycle.</b> One per test; {@link #close()} closes the taps and stops Redis.
 */
final class RedisFixture implements BackplaneFixture {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private final List<RespClient> clients = new ArrayList<>();
    private RedisProcess redis;
    private int nodes;

    @Override
    public void startBroker() throws Exception {
        redis = RedisProcess.start();
    }

    @Override
    public void stopBroker() {
        redis.kill();
    }

    @Override
    public void restartBroker() throws Exception {
        redis.restart();
    }

    @Override
    public Backplane newNode(StreamOptions options) {
        StreamOptions withUri = options.toBuilder().setting(RedisSettings.URI, redis.uri()).build();
        return new RedisBackplaneProvider().create(TestContext.of(withUri, "node" + ++nodes)).orElseThrow();
    }

    @Override
    public void publishRaw(byte[] body) throws Exception {
        try (RespClient client = RespClient.connect(redis.port(), CLIENT_TIMEOUT)) {
            client.publish(RedisSettings.DEFAULT_CHANNEL, body);
        }
    }

    @Override
    public RawTap tap() throws Exception {
        RespClient client = RespClient.connect(redis.port(), CLIENT_TIMEOUT);
        clients.add(client);
        client.subscribe(RedisSettings.DEFAULT_CHANNEL);
        return new RawTap() {
            @Override
            public byte[] next(Duration wait) throws Exception {
                return client.nextMessage(wait);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    @Override
    public long malformed(Backplane node) {
        return ((RedisBackplane) node).statistics().malformedTotal();
    }

    @Override
    public boolean connected(Backplane node) {
        return ((RedisBackplane) node).statistics().state() == RedisBackplane.State.CONNECTED;
    }

    @Override
    public boolean sequencing() {
        return true;
    }

    @Override
    public void close() {
        try {
            clients.forEach(RespClient::close);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
