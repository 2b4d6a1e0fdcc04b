package dev.melody.stream.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.BackplaneProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    private static Optional<RedisSettings> read(Map<String, String> values) {
        return RedisSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutTheUriTheBackplaneIsOff() {
        assertTrue(read(Map.of()).isEmpty());
        assertTrue(new RedisBackplaneProvider().create(TestContext.of(StreamOptions.defaults(), "off")).isEmpty());
    }

    @Test
    void uriGivesHostPortCredentialsDatabaseAndTls() {
        RedisSettings settings = read(Map.of(RedisSettings.URI, "rediss://app:s%40cret@cache.example:6380/3")).get();
        assertEquals("cache.example", settings.host());
        assertEquals(6380, settings.port());
        assertTrue(settings.tls());
        assertEquals("app", settings.user());
        assertEquals("s@cret", settings.password());
        assertEquals(3, settings.database());
        assertEquals(RedisSettings.DEFAULT_CHANNEL, settings.channel());
        assertEquals(Duration.ofSeconds(2), settings.timeout());
        assertFalse(settings.toString().contains("cret"));
    }

    @Test
    void defaultsApplyAndOtherKeysAreRead() {
        RedisSettings plain = read(Map.of(RedisSettings.URI, "redis://127.0.0.1")).get();
        assertEquals(6379, plain.port());
        assertNull(plain.user());
        assertNull(plain.password());
        RedisSettings tuned = read(Map.of(RedisSettings.URI, "redis://:pw@h:1", RedisSettings.CHANNEL, "c",
                RedisSettings.TIMEOUT, "500ms", RedisSettings.QUEUE, "10", RedisSettings.HOLE_WAIT, "PT0.2S")).get();
        assertEquals("pw", tuned.password());
        assertEquals("c", tuned.channel());
        assertEquals(Duration.ofMillis(500), tuned.timeout());
        assertEquals(10, tuned.queueCapacity());
        assertEquals(Duration.ofMillis(200), tuned.holeWait());
    }

    @Test
    void badUriNamesTheKeyAndTheValueWithThePasswordMasked() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(RedisSettings.URI, "http://user:hunter2@host:6379")));
        assertEquals("Invalid melody.stream.redis.uri='http://user:****@host:6379': must start with redis:// or "
                + "rediss://", scheme.getMessage());
        IllegalArgumentException db = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(RedisSettings.URI, "redis://:hunter2@host/x")));
        assertFalse(db.getMessage().contains("hunter2"), db.getMessage());
        assertTrue(db.getMessage().contains("melody.stream.redis.uri='redis://:****@host/x'"), db.getMessage());
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(RedisSettings.URI, "redis://u:hunter2@ho st")));
        assertFalse(syntax.getMessage().contains("hunter2"), syntax.getMessage());
    }

    @Test
    void badOtherSettingsNameTheirKey() {
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(RedisSettings.URI, "redis://h", RedisSettings.TIMEOUT, "soon")));
        assertTrue(timeout.getMessage().startsWith("Invalid melody.stream.redis.timeout='soon'"), timeout.getMessage());
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(RedisSettings.URI, "redis://h", RedisSettings.QUEUE, "0")));
        assertTrue(queue.getMessage().startsWith("Invalid melody.stream.redis.queue='0'"), queue.getMessage());
    }

    @Test
    void providerFailsTheDeploymentOnABadUri() {
        StreamOptions options = StreamOptions.builder().setting(RedisSettings.URI, "redis://:pw@host:notaport").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RedisBackplaneProvider().create(TestContext.of(options, "bad")));
        assertFalse(e.getMessage().contains(":pw@"), e.getMessage());
    }

    @Test
    void providerIsFoundByTheServiceLoader() {
        boolean found = false;
        for (BackplaneProvider provider : ServiceLoader.load(BackplaneProvider.class)) {
            found |= provider instanceof RedisBackplaneProvider;
        }
        assertTrue(found);
    }
}
