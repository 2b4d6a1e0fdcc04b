package dev.melody.stream.tck.cluster;

import java.util.List;
import java.util.Map;

/**
 * The two Open Liberty configurations of the Jakarta Messaging pair: the engine node runs the messaging engine
 * ({@code messagingServer-3.0}) with a {@code wasJmsEndpoint} on 127.0.0.1; with {@code messagingClient-3.0} beside
 * it, Liberty binds its default connection factory ({@code java:comp/DefaultJMSConnectionFactory}) to that local
 * engine by itself, and the backplane uses that default. The client node has only {@code messaging-3.1} and
 * {@code messagingClient-3.0}, and a {@code jmsConnectionFactory} of id {@code DefaultJMSConnectionFactory} (which
 * alone binds it to {@code java:comp/DefaultJMSConnectionFactory} too) whose {@code remoteServerAddress} is the
 * engine node's endpoint; its backplane is told the factory's own JNDI name with
 * {@code melody.stream.jms.connectionFactory}, so the pair runs the key's path as well as the default.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable profiles, made once per test class.
 */
final class LibertyMessaging {

    /** The server names, unique to this test. */
    static final String ENGINE_SERVER = "melodyjmsengine";
    static final String CLIENT_SERVER = "melodyjmsclient";

    /** The backplane's key for the JNDI name of its connection factory. */
    static final String CONNECTION_FACTORY_KEY = "melody.stream.jms.connectionFactory";

    /** The JNDI name the client node's connection factory is also bound to. */
    static final String CLIENT_FACTORY_JNDI = "jms/melodyConnectionFactory";

    private LibertyMessaging() {
    }

    /**
     * Returns the engine node's profile.
     *
     * @param endpointPort the messaging endpoint's port on 127.0.0.1
     * @return the profile
     */
    static OpenLibertyNode.Profile engine(int endpointPort) {
        return new OpenLibertyNode.Profile(ENGINE_SERVER,
                List.of("messaging-3.1", "messagingServer-3.0", "messagingClient-3.0"),
                "  <wasJmsEndpoint id=\"InboundJmsCommsEndpoint\" host=\"127.0.0.1\" wasJmsPort=\"" + endpointPort
                        + "\" wasJmsSSLPort=\"-1\"/>\n", Map.of());
    }

    /**
     * Returns the client node's profile.
     *
     * @param enginePort the engine node's messaging endpoint port on 127.0.0.1
     * @return the profile
     */
    static OpenLibertyNode.Profile client(int enginePort) {
        return new OpenLibertyNode.Profile(CLIENT_SERVER, List.of("messaging-3.1", "messagingClient-3.0"),
                "  <jmsConnectionFactory id=\"DefaultJMSConnectionFactory\" jndiName=\"" + CLIENT_FACTORY_JNDI + "\">\n"
                        + "    <properties.wasJms remoteServerAddress=\"127.0.0.1:" + enginePort
                        + ":BootstrapBasicMessaging\"/>\n"
                        + "  </jmsConnectionFactory>\n", Map.of(CONNECTION_FACTORY_KEY, CLIENT_FACTORY_JNDI));
    }
}
