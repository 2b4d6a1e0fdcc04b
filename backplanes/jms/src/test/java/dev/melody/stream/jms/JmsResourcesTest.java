package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.NameNotFoundException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;
import org.junit.jupiter.api.Test;

/** Where the connection factory and the topic come from, and how a missing or wrong one is reported. */
class JmsResourcesTest {

    private final ConnectionFactory serverFactory = new ActiveMQConnectionFactory("tcp://127.0.0.1:1");
    private final ConnectionFactory beanFactory = new ActiveMQConnectionFactory("tcp://127.0.0.1:2");
    private final Map<String, Object> jndi = new HashMap<>();
    private final AtomicInteger beanLookups = new AtomicInteger();

    private Optional<JmsResources> find(Map<String, String> keys, Optional<ConnectionFactory> bean) {
        Optional<JmsResources.Named> named = bean.map(f -> new JmsResources.Named(f, "CDI bean of Producer"));
        JmsSettings settings = JmsSettings.from(key -> Optional.ofNullable(keys.get(key)));
        return JmsResources.find(settings, name -> {
            Object found = jndi.get(name);
            if (found == null) {
                throw new NameNotFoundException(name);
            }
            return found;
        }, () -> {
            beanLookups.incrementAndGet();
            return named;
        });
    }

    private String refused(Map<String, String> keys) {
        return assertThrows(IllegalArgumentException.class, () -> find(keys, Optional.empty())).getMessage();
    }

    @Test
    void withoutKeyTheServersDefaultFactoryIsUsed() {
        jndi.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, serverFactory);
        JmsResources found = find(Map.of(), Optional.empty()).orElseThrow();
        assertSame(serverFactory, found.factory());
        assertEquals("java:comp/DefaultJMSConnectionFactory", found.factoryName());
        assertEquals(null, found.topic());
    }

    @Test
    void withoutKeyTheApplicationsBeanComesBeforeTheDefault() {
        jndi.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, serverFactory);
        JmsResources found = find(Map.of(), Optional.of(beanFactory)).orElseThrow();
        assertSame(beanFactory, found.factory());
        assertEquals("CDI bean of Producer", found.factoryName());
    }

    @Test
    void withoutKeyBeanOrDefaultTheBackplaneIsOff() {
        assertTrue(find(Map.of(), Optional.empty()).isEmpty());
    }

    @Test
    void aConfiguredNameWinsOverTheBeanAndTheBeanIsNotAskedFor() {
        jndi.put("java:/jms/Remote", serverFactory);
        JmsResources found = find(Map.of(JmsSettings.CONNECTION_FACTORY, "java:/jms/Remote"), Optional.of(beanFactory))
                .orElseThrow();
        assertSame(serverFactory, found.factory());
        assertEquals("java:/jms/Remote", found.factoryName());
        assertEquals(0, beanLookups.get());
    }

    @Test
    void aConfiguredNameThatIsNotBoundFailsNamingTheKeyAndTheName() {
        assertEquals("Invalid melody.stream.jms.connectionFactory='java:/jms/Missing': no connection factory is bound "
                + "under this JNDI name (name not found); bind one in the server's configuration, or correct the key",
                refused(Map.of(JmsSettings.CONNECTION_FACTORY, "java:/jms/Missing")));
    }

    @Test
    void theDefaultNameSetExplicitlyMakesItsAbsenceFatal() {
        assertTrue(refused(Map.of(JmsSettings.CONNECTION_FACTORY, JmsSettings.DEFAULT_CONNECTION_FACTORY))
                .startsWith("Invalid melody.stream.jms.connectionFactory='java:comp/DefaultJMSConnectionFactory'"));
    }

    @Test
    void aNameBindingSomethingElseFailsNamingItsType() {
        jndi.put("java:/jms/Wrong", "a string");
        assertEquals("Invalid melody.stream.jms.connectionFactory='java:/jms/Wrong': it binds a java.lang.String, "
                + "not a jakarta.jms.ConnectionFactory", refused(Map.of(JmsSettings.CONNECTION_FACTORY,
                "java:/jms/Wrong")));
    }

    @Test
    void aTopicLookupIsResolvedOnce() {
        ActiveMQTopic topic = new ActiveMQTopic("melody.events");
        jndi.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, serverFactory);
        jndi.put("java:/jms/topic/melody", topic);
        JmsResources found = find(Map.of(JmsSettings.TOPIC_LOOKUP, "java:/jms/topic/melody"), Optional.empty())
                .orElseThrow();
        assertSame(topic, found.topic());
    }

    @Test
    void aMissingTopicLookupFailsNamingTheKey() {
        jndi.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, serverFactory);
        assertEquals("Invalid melody.stream.jms.topicLookup='java:/jms/topic/none': no topic is bound under this "
                + "JNDI name (name not found); bind one in the server's configuration, or remove the key to use "
                + "melody.stream.jms.topic", refused(Map.of(JmsSettings.TOPIC_LOOKUP, "java:/jms/topic/none")));
    }

    @Test
    void aQueueIsRefusedAsTopic() {
        jndi.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, serverFactory);
        jndi.put("java:/jms/queue/q", new ActiveMQQueue("q"));
        assertTrue(refused(Map.of(JmsSettings.TOPIC_LOOKUP, "java:/jms/queue/q")).contains("it binds a queue (every "
                + "node must get every message: a topic is needed)"));
    }
}
