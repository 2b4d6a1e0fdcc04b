package dev.melody.stream.tck.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two WildFly servers ({@code standalone-full.xml}) sharing one Artemis: the broker node's embedded broker, to which
 * the client node's default connection factory connects over the broker node's HTTP port (see
 * {@link WildFlyMessaging}). The WAR uses the defaults: {@code java:comp/DefaultJMSConnectionFactory}, topic
 * {@code melody.sse}. Cases: {@link JmsClusterContract}.
 */
class WildFlyJmsClusterIT extends JmsClusterContract {

    @Override
    Cluster startPair(Path work) throws Exception {
        Path home = Path.of(Cluster.requiredProperty("cluster.wildfly.home"));
        WildFlyNode broker = new WildFlyNode("wildfly-broker", home, work, WildFlyMessaging.broker());
        WildFlyNode client = new WildFlyNode("wildfly-client", home, work,
                WildFlyMessaging.client(broker.httpPort()));
        return Cluster.startServed(List.of(broker, client), jmsWar(), Map.of(), null);
    }
}
