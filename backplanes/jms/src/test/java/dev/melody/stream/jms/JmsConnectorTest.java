package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;
import org.junit.jupiter.api.Test;

/** The connector's public construction and the selector it derives from the origin. */
class JmsConnectorTest {

    private final ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:1");

    @Test
    void theSelectorLeavesOnlyThisOriginsMessagesOut() {
        JmsConnector connector = JmsConnector.forTopicName(factory, "melody.sse", Duration.ofSeconds(60));
        assertNull(connector.selector(), "no selector before the origin is known");
        connector.skipOrigin("0123456789abcdef0123456789abcdef");
        assertEquals("melodyOrigin IS NULL OR melodyOrigin <> '0123456789abcdef0123456789abcdef'",
                connector.selector());
    }

    @Test
    void anOriginThatIsNot32LowercaseHexIsRefused() {
        JmsConnector connector = JmsConnector.forTopicName(factory, "melody.sse", Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> connector.skipOrigin("x' OR '1'='1"));
        assertThrows(IllegalArgumentException.class, () -> connector.skipOrigin(null));
    }

    @Test
    void anEmptyTopicNameOrANegativeTimeToLiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JmsConnector.forTopicName(factory, "", Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> JmsConnector.forTopicName(factory, "t", Duration.ofSeconds(-1)));
    }

    @Test
    void theDescriptionNamesFactoryAndTopic() {
        assertEquals("jms ActiveMQConnectionFactory topic melody.sse",
                JmsConnector.forTopicName(factory, "melody.sse", Duration.ZERO).describe());
        assertEquals("jms ActiveMQConnectionFactory topic ActiveMQTopic[t]",
                JmsConnector.forTopic(factory, new ActiveMQTopic("t"), Duration.ZERO).describe());
    }
}
