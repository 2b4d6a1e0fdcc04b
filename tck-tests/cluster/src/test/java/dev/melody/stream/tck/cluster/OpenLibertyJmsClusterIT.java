package dev.melody.stream.tck.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two Open Liberty servers sharing one messaging engine: the engine node runs it ({@code messagingServer-3.0}) with
 * an endpoint on 127.0.0.1, the client node connects its default connection factory to that endpoint (see
 * {@link LibertyMessaging}). The WAR uses the defaults: {@code java:comp/DefaultJMSConnectionFactory}, topic
 * {@code melody.sse}. Cases: {@link JmsClusterContract}.
 */
class OpenLibertyJmsClusterIT extends JmsClusterContract {

    @Override
    Cluster startPair(Path work) throws Exception {
        Path home = Path.of(Cluster.requiredProperty("cluster.liberty.home"));
        int endpoint = FreePorts.pick();
        return Cluster.startServed(List.of(
                new OpenLibertyNode("liberty-engine", home, work, LibertyMessaging.engine(endpoint)),
                new OpenLibertyNode("liberty-client", home, work, LibertyMessaging.client(endpoint))),
                jmsWar(), Map.of(), null);
    }
}
