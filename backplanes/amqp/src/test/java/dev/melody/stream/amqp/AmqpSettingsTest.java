package dev.melody.stream.amqp;

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

class AmqpSettingsTest {

    private static Optional<AmqpSettings> read(Map<String, String> values) {
        return AmqpSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    private static IllegalArgumentException refused(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> read(values));
    }

    @Test
    void withoutTheUriTheBackplaneIsOff() {
        assertTrue(read(Map.of()).isEmpty());
        assertTrue(new AmqpBackplaneProvider().create(new TestContext(StreamOptions.defaults(), "off")).isEmpty());
    }

    @Test
    void uriGivesHostPortCredentialsVirtualHostAndTls() {
        AmqpSettings settings = read(Map.of(AmqpSettings.URI, "amqps://app:s%40cret@mq.example:5673/prod%2Feu")).get();
        assertEquals("mq.example", settings.host());
        assertEquals(5673, settings.port());
        assertTrue(settings.tls());
        assertEquals("app", settings.user());
        assertEquals("s@cret", settings.password());
        assertEquals("prod/eu", settings.virtualHost());
        assertFalse(settings.toString().contains("cret"), settings.toString());
        assertEquals("amqps://app@mq.example:5673/prod%2Feu exchange melody.sse", settings.describe());
    }

    @Test
    void defaultsApply() {
        AmqpSettings plain = read(Map.of(AmqpSettings.URI, "amqp://127.0.0.1")).get();
        assertEquals(5672, plain.port());
        assertFalse(plain.tls());
        assertNull(plain.user());
        assertNull(plain.password());
        assertEquals("/", plain.virtualHost());
        assertEquals("melody.sse", plain.exchange());
        assertEquals(Duration.ofSeconds(2), plain.timeout());
        assertEquals(65_536, plain.queueCapacity());
        assertEquals(1 << 20, plain.maxMessageBytes());
        assertEquals(5671, read(Map.of(AmqpSettings.URI, "amqps://h")).get().port());
        assertEquals("/", read(Map.of(AmqpSettings.URI, "amqp://h/%2F")).get().virtualHost());
        assertEquals("", read(Map.of(AmqpSettings.URI, "amqp://h/")).get().virtualHost(), "as RabbitMQ's URI spec");
    }

    @Test
    void otherKeysAreRead() {
        AmqpSettings tuned = read(Map.of(AmqpSettings.URI, "amqp://u:pw@h:1", AmqpSettings.EXCHANGE, "my.sse",
                AmqpSettings.TIMEOUT, "500ms", AmqpSettings.QUEUE, "10", AmqpSettings.MAX_MESSAGE_BYTES, "4096")).get();
        assertEquals("u", tuned.user());
        assertEquals("pw", tuned.password());
        assertEquals("my.sse", tuned.exchange());
        assertEquals(Duration.ofMillis(500), tuned.timeout());
        assertEquals(10, tuned.queueCapacity());
        assertEquals(4096, tuned.maxMessageBytes());
        assertEquals(Duration.ofSeconds(3), read(Map.of(AmqpSettings.URI, "amqp://h", AmqpSettings.TIMEOUT, "PT3S"))
                .get().timeout());
    }

    @Test
    void badUriNamesTheKeyAndTheValueWithThePasswordMasked() {
        IllegalArgumentException scheme = refused(Map.of(AmqpSettings.URI, "http://user:hunter2@host:5672"));
        assertEquals("Invalid melody.stream.amqp.uri='http://user:****@host:5672': must start with amqp:// or "
                + "amqps://", scheme.getMessage());
        for (String bad : new String[] {"amqp://u:hunter2@ho st", "amqp://u:hunter2@host/a/b",
                "amqp://u:hunter2@host?heartbeat=5", "amqp://u:hunter2@host:notaport", "amqp://u:hunter2@/vh",
                "amqp://u:hunter2@host/%zz"}) {
            IllegalArgumentException e = refused(Map.of(AmqpSettings.URI, bad));
            assertTrue(e.getMessage().startsWith("Invalid melody.stream.amqp.uri='"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void badOtherSettingsNameTheirKeyAndValue() {
        Map<String, String[]> cases = Map.of(
                AmqpSettings.TIMEOUT, new String[] {"soon", "0s", "-1s"},
                AmqpSettings.QUEUE, new String[] {"0", "many", "10000001"},
                AmqpSettings.MAX_MESSAGE_BYTES, new String[] {"10", "1MB"},
                AmqpSettings.EXCHANGE, new String[] {"amq.fanout", "has space", "x".repeat(256)});
        cases.forEach((key, values) -> {
            for (String value : values) {
                IllegalArgumentException e = refused(Map.of(AmqpSettings.URI, "amqp://h", key, value));
                assertTrue(e.getMessage().startsWith("Invalid " + key + "='" + value + "'"), e.getMessage());
            }
        });
    }

    @Test
    void passwordIsMaskedWhateverTheUriLooksLike() {
        assertEquals("amqp://u:****@h", AmqpSettings.masked("amqp://u:p@h"));
        assertEquals("amqp://u:****@h", AmqpSettings.masked("amqp://u@h"));
        assertEquals("amqp://h:1", AmqpSettings.masked("amqp://h:1"));
        assertEquals("u:****@h", AmqpSettings.masked("u:p:q@h"));
    }

    @Test
    void providerFailsTheDeploymentOnABadUri() {
        StreamOptions options = StreamOptions.builder().setting(AmqpSettings.URI, "amqp://u:pw@host:notaport").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AmqpBackplaneProvider().create(new TestContext(options, "bad")));
        assertTrue(e.getMessage().contains(AmqpSettings.URI), e.getMessage());
        assertFalse(e.getMessage().contains(":pw@"), e.getMessage());
    }

    @Test
    void providerIsFoundByTheServiceLoader() {
        boolean found = false;
        for (BackplaneProvider provider : ServiceLoader.load(BackplaneProvider.class)) {
            found |= provider instanceof AmqpBackplaneProvider;
        }
        assertTrue(found);
    }
}
