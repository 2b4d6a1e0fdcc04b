package dev.melody.stream.tck.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two Payara Micro servers on an external broker: Payara Micro has the Jakarta Messaging API but no broker and no
 * default connection factory, so the test runs an Artemis broker ({@link ArtemisBroker}) and the WAR produces an
 * Artemis client {@code ConnectionFactory} CDI bean for it (the backplane uses an application's bean when no JNDI
 * name is configured); the broker's URL reaches the WAR as the system property {@code cluster.artemis.url}. Cases:
 * {@link JmsClusterContract}.
 */
class PayaraMicroJmsClusterIT extends JmsClusterContract {

    /** The system property the WAR's connection factory producer reads. */
    private static final String ARTEMIS_URL_PROPERTY = "cluster.artemis.url";

    @Override
    Cluster startPair(Path work) throws Exception {
        Path jar = Path.of(Cluster.requiredProperty("cluster.payara.jar"));
        ArtemisBroker broker = ArtemisBroker.start(work.resolve("artemis"));
        try {
            return Cluster.startServed(List.of(
                    new PayaraMicroNode("payara-micro-1", jar, work),
                    new PayaraMicroNode("payara-micro-2", jar, work)),
                    jmsArtemisWar(), Map.of(ARTEMIS_URL_PROPERTY, broker.url()), broker);
        } catch (Exception | Error e) {
            broker.close();   // idempotent: startServed closed it already when the servers did not start
            throw e;
        }
    }
}
