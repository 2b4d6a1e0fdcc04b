package dev.melody.stream.redis.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void startedServerAnswersPingAndRunsLuaAndStreams() throws IOException {
        try (RedisProcess redis = RedisProcess.start();
                RespClient client = RespClient.connect(redis.port(), TIMEOUT)) {
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
            assertEquals("PONG", client.command("PING"));
            assertEquals(3L, client.command("EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", "1", "n", "3"));
            assertEquals("1-0", RespClient.text(client.command("XADD", "s", "1-0", "d", "x")));
        }
    }

    @Test
    void publishedBytesReachSubscriberUnchanged() throws IOException {
        byte[] payload = "{\"a\":\"\u00e9\\u003c\"}\r\n\u0000".getBytes(StandardCharsets.UTF_8);
        try (RedisProcess redis = RedisProcess.start();
                RespClient subscriber = RespClient.connect(redis.port(), TIMEOUT);
                RespClient publisher = RespClient.connect(redis.port(), TIMEOUT)) {
            subscriber.subscribe("melody:sse");
            assertEquals(1L, publisher.publish("melody:sse", payload));
            assertArrayEquals(payload, subscriber.nextMessage(TIMEOUT));
            assertNull(subscriber.nextMessage(Duration.ofMillis(100)));
        }
    }

    @Test
    void restartKeepsThePortAndDropsTheData() throws IOException {
        try (RedisProcess redis = RedisProcess.start()) {
            int port = redis.port();
            try (RespClient client = RespClient.connect(port, TIMEOUT)) {
                client.command("SET", "k", "v");
            }
            redis.kill();
            assertFalse(redis.isRunning());
            assertThrows(IOException.class, () -> RespClient.connect(port, TIMEOUT).command("PING"));
            redis.restart();
            assertTrue(redis.isRunning());
            assertEquals(port, redis.port());
            try (RespClient client = RespClient.connect(port, TIMEOUT)) {
                assertNull(client.command("GET", "k"));
            }
        }
    }

    @Test
    void errorRepliesAreThrown() throws IOException {
        try (RedisProcess redis = RedisProcess.start();
                RespClient client = RespClient.connect(redis.port(), TIMEOUT)) {
            RespClient.RespError error = assertThrows(RespClient.RespError.class,
                    () -> client.command("EVALSHA", "0000000000000000000000000000000000000000", "0"));
            assertTrue(error.getMessage().startsWith("NOSCRIPT"), error.getMessage());
            assertEquals(List.of(), client.command("KEYS", "*"));
        }
    }
}
