package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.config.BackplaneDiscovery;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.cluster.RelayBackplane;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jar on the class path is all it takes where the server binds a connection factory: the library's own discovery
 * finds the provider, which looks the factory up in JNDI (an in-memory one here, {@link MemoryNaming}) or takes the
 * application's CDI bean (Weld SE here).
 */
class DiscoveryTest {

    @AfterEach
    void unbindAll() {
        MemoryNaming.BOUND.clear();
    }

    @Test
    void theServersDefaultConnectionFactoryClustersTheHubWithoutAnyKey() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start(); ActiveMQConnectionFactory factory = broker
                .connectionFactory()) {
            MemoryNaming.BOUND.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, factory);
            RelayBackplane first = discovered(StreamOptions.defaults());
            RelayBackplane second = discovered(StreamOptions.defaults());
            DefaultServerSentEventHub a = new DefaultServerSentEventHub(StreamOptions.defaults(), first);
            DefaultServerSentEventHub b = new DefaultServerSentEventHub(StreamOptions.defaults(), second);
            try {
                Node.await(() -> first.statistics().connected() && second.statistics().connected(), "both connected");
                Node.Reader onB = new Node.Reader(b.subscribe("t"));
                a.broadcast("t", ServerSentEvent.of("across"));
                onB.awaitData("across");
                assertEquals(1, first.statistics().published());
            } finally {
                a.shutdown();
                b.shutdown();
            }
        }
    }

    @Test
    void withoutAConnectionFactoryTheBackplaneIsOffAndTheDeploymentGoesOn() {
        assertTrue(BackplaneDiscovery.discover(StreamOptions.defaults(), "plain").isEmpty());
    }

    @Test
    void aConfiguredJndiNameThatIsMissingFailsTheDeploymentNamingKeyAndName() {
        StreamOptions options = StreamOptions.builder().setting(JmsSettings.CONNECTION_FACTORY, "java:/jms/Nowhere")
                .build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackplaneDiscovery.discover(options, "bad"));
        assertTrue(e.getMessage().contains("melody.stream.jms.connectionFactory='java:/jms/Nowhere'"), e.getMessage());
    }

    @Test
    void aConfiguredTopicLookupThatIsMissingFailsTheDeploymentNamingIt() {
        MemoryNaming.BOUND.put(JmsSettings.DEFAULT_CONNECTION_FACTORY, new ActiveMQConnectionFactory("tcp://x:1"));
        StreamOptions options = StreamOptions.builder().setting(JmsSettings.TOPIC_LOOKUP, "java:/jms/topic/none")
                .build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackplaneDiscovery.discover(options, "bad"));
        assertTrue(e.getMessage().contains("melody.stream.jms.topicLookup='java:/jms/topic/none'"), e.getMessage());
    }

    @Test
    void aBadValueFailsTheDeploymentNamingTheKey() {
        StreamOptions options = StreamOptions.builder().setting(JmsSettings.TIME_TO_LIVE, "forever").build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackplaneDiscovery.discover(options, "bad"));
        assertTrue(e.getMessage().contains("Invalid melody.stream.jms.timeToLive='forever'"), e.getMessage());
    }

    @Test
    void theApplicationsConnectionFactoryBeanIsUsedWhenNoKeyIsSet() {
        Weld weld = new Weld().disableDiscovery().addBeanClass(ConnectionFactoryProducer.class);
        try (WeldContainer container = weld.initialize()) {
            Optional<JmsResources.Named> bean = ApplicationBeans.connectionFactory(name -> {
                throw new javax.naming.NameNotFoundException(name);
            });
            assertTrue(bean.isPresent(), "the producer's bean is found through CDI.current()");
            // An @ApplicationScoped bean's reference is a client proxy, which forwards toString to the instance.
            assertEquals(ConnectionFactoryProducer.FACTORY.toString(), bean.get().factory().toString());
            assertEquals("CDI bean of " + ConnectionFactoryProducer.class.getName(), bean.get().name());
            discovered(StreamOptions.defaults());   // and the provider makes the relay with it, with nothing bound
        }
    }

    @Test
    void withoutCdiThereIsNoBean() {
        assertTrue(ApplicationBeans.connectionFactory(name -> {
            throw new javax.naming.NameNotFoundException(name);
        }).isEmpty());
    }

    private static RelayBackplane discovered(StreamOptions options) {
        Optional<Backplane> found = BackplaneDiscovery.discover(options, "discovered");
        return assertInstanceOf(RelayBackplane.class, found.orElseThrow());
    }

    /** An application's producer of the Artemis client's factory, as on a server without a broker of its own. */
    @ApplicationScoped
    static class ConnectionFactoryProducer {
        static final ActiveMQConnectionFactory FACTORY = new ActiveMQConnectionFactory("tcp://127.0.0.1:1");

        @Produces
        @ApplicationScoped
        ConnectionFactory connectionFactory() {
            return FACTORY;
        }
    }
}
