package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.spi.BackplaneProvider;
import dev.melody.stream.spi.cluster.RelaySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JmsSettingsTest {

    private static JmsSettings read(Map<String, String> values) {
        return JmsSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    private static String refused(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> read(Map.of(key, value))).getMessage();
    }

    @Test
    void withoutKeysTheDefaultsApply() {
        JmsSettings settings = read(Map.of());
        assertNull(settings.connectionFactory());
        assertEquals("java:comp/DefaultJMSConnectionFactory", settings.connectionFactoryName());
        assertEquals("melody.sse", settings.topic());
        assertNull(settings.topicLookup());
        assertEquals(Duration.ofSeconds(2), settings.timeout());
        assertEquals(65_536, settings.queueCapacity());
        assertEquals(1 << 20, settings.maxMessageBytes());
        assertEquals(Duration.ofSeconds(60), settings.timeToLive());
    }

    @Test
    void everyKeyIsRead() {
        JmsSettings settings = read(Map.of(JmsSettings.CONNECTION_FACTORY, "java:/jms/Remote",
                JmsSettings.TOPIC, "events", JmsSettings.TOPIC_LOOKUP, "java:/jms/topic/events",
                JmsSettings.TIMEOUT, "500ms", JmsSettings.QUEUE, "10", JmsSettings.MAX_MESSAGE_BYTES, "4096",
                JmsSettings.TIME_TO_LIVE, "PT5M"));
        assertEquals("java:/jms/Remote", settings.connectionFactoryName());
        assertEquals("events", settings.topic());
        assertEquals("java:/jms/topic/events", settings.topicLookup());
        assertEquals(Duration.ofMillis(500), settings.timeout());
        assertEquals(10, settings.queueCapacity());
        assertEquals(4096, settings.maxMessageBytes());
        assertEquals(Duration.ofMinutes(5), settings.timeToLive());
        assertEquals("topic java:/jms/topic/events (JNDI)", settings.describeTopic());
    }

    @Test
    void zeroTimeToLiveMeansNoExpiry() {
        assertEquals(Duration.ZERO, read(Map.of(JmsSettings.TIME_TO_LIVE, "0s")).timeToLive());
        assertEquals(Duration.ZERO, read(Map.of(JmsSettings.TIME_TO_LIVE, "0")).timeToLive());
    }

    @Test
    void theRelayGetsQueueLimitAndReceiveWaitWithGoBackoff() {
        RelaySettings relay = JmsBackplanes.relaySettings(read(Map.of(JmsSettings.QUEUE, "7",
                JmsSettings.MAX_MESSAGE_BYTES, "2048", JmsSettings.TIMEOUT, "3s")));
        assertEquals(7, relay.queueCapacity());
        assertEquals(2048, relay.maxMessageBytes());
        assertEquals(Duration.ofSeconds(3), relay.receiveWait());
        assertEquals(Duration.ofSeconds(1), relay.initialBackoff());
        assertEquals(Duration.ofSeconds(30), relay.maxBackoff());
    }

    @Test
    void badDurationsNameTheirKeyAndValue() {
        assertEquals("Invalid melody.stream.jms.timeout='soon': must be a duration such as 500ms, 2s, 1m or PT2S",
                refused(JmsSettings.TIMEOUT, "soon"));
        assertTrue(refused(JmsSettings.TIMEOUT, "0s").startsWith("Invalid melody.stream.jms.timeout='0s': must be "
                + "a positive duration"));
        assertTrue(refused(JmsSettings.TIME_TO_LIVE, "-PT1S").startsWith("Invalid melody.stream.jms.timeToLive="
                + "'-PT1S'"));
        assertTrue(refused(JmsSettings.TIME_TO_LIVE, "PT0.0001S").startsWith("Invalid melody.stream.jms.timeToLive"));
    }

    @Test
    void badNumbersNameTheirKeyValueAndRange() {
        assertEquals("Invalid melody.stream.jms.queue='0': must be a whole number from 1 to 10000000",
                refused(JmsSettings.QUEUE, "0"));
        assertEquals("Invalid melody.stream.jms.maxMessageBytes='lots': must be a whole number from 1024 to "
                + "536870912", refused(JmsSettings.MAX_MESSAGE_BYTES, "lots"));
    }

    @Test
    void aTopicNameWithSpacesOrControlsIsRefused() {
        assertEquals("Invalid melody.stream.jms.topic='my topic': must not contain white space or control "
                + "characters", refused(JmsSettings.TOPIC, "my topic"));
        assertTrue(refused(JmsSettings.TOPIC, "x".repeat(300)).startsWith("Invalid melody.stream.jms.topic="));
    }

    @Test
    void providerIsFoundByTheServiceLoader() {
        boolean found = false;
        for (BackplaneProvider provider : ServiceLoader.load(BackplaneProvider.class)) {
            found |= provider instanceof JmsBackplaneProvider;
        }
        assertTrue(found);
    }
}
