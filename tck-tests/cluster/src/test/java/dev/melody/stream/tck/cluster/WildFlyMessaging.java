package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two WildFly configurations of the Jakarta Messaging pair, both {@code standalone-full.xml}: the broker node,
 * whose embedded Artemis accepts the other node over its HTTP port (the distribution's {@code http-acceptor}) for an
 * application user in role {@code guest}; and the client node, whose default connection factory (the pooled
 * {@code activemq-ra}, bound to {@code java:comp/DefaultJMSConnectionFactory}) connects to the broker node with that
 * user instead of to its own embedded broker. On both, the IIOP ports (fixed in the distribution) are picked at run
 * time.
 *
 * <p>The edits are the ones these management commands make (run by {@code jboss-cli.sh} against
 * {@code embed-server --server-config=standalone-full.xml}); the test writes them straight into the XML because an
 * embedded CLI takes longer than the server's start here:
 * <pre>
 * # both nodes, only because two servers share one machine
 * /socket-binding-group=standard-sockets/socket-binding=iiop:write-attribute(name=port,value=N)
 * /socket-binding-group=standard-sockets/socket-binding=iiop-ssl:write-attribute(name=port,value=M)
 * # broker node
 * bin/add-user.sh -a -u melody -p '…' -g guest
 * # client node
 * /socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=melody-broker:add(host=H,port=P)
 * /subsystem=messaging-activemq/server=default/http-connector=melody-broker:add(socket-binding=melody-broker,endpoint=http-acceptor)
 * /subsystem=messaging-activemq/server=default/pooled-connection-factory=activemq-ra:write-attribute(name=connectors,value=[melody-broker])
 * /subsystem=messaging-activemq/server=default/pooled-connection-factory=activemq-ra:write-attribute(name=user,value=melody)
 * /subsystem=messaging-activemq/server=default/pooled-connection-factory=activemq-ra:write-attribute(name=password,value=…)
 * </pre>
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable profiles, applied once per node start.
 */
final class WildFlyMessaging {

    /** The configuration file with the messaging subsystem. */
    static final String FULL = "standalone-full.xml";

    /** The application user the client node connects as. */
    static final String USER = "melody";

    /** Its password (a test value; add-user.sh's rules accept it). */
    static final String PASSWORD = "Melody-cluster-1";

    private static final String CONNECTOR = "melody-broker";

    private WildFlyMessaging() {
    }

    /**
     * Returns the broker node's profile.
     *
     * @return the profile
     */
    static WildFlyNode.Profile broker() {
        return new Full() {
            @Override
            String edit(String xml, Path configurationDir) throws IOException {
                addApplicationUser(configurationDir);
                return xml;
            }
        };
    }

    /**
     * Returns the client node's profile.
     *
     * @param brokerHttpPort the broker node's HTTP port on 127.0.0.1
     * @return the profile
     */
    static WildFlyNode.Profile client(int brokerHttpPort) {
        return new Full() {
            @Override
            String edit(String xml, Path configurationDir) {
                String edited = replaceOnce(xml, "<in-vm-connector name=\"in-vm\"",
                        "<http-connector name=\"" + CONNECTOR + "\" socket-binding=\"" + CONNECTOR
                                + "\" endpoint=\"http-acceptor\"/>\n                <in-vm-connector name=\"in-vm\"");
                edited = replaceOnce(edited,
                        "<pooled-connection-factory name=\"activemq-ra\" entries=\"java:/JmsXA java:jboss/DefaultJMSConnectionFactory\" connectors=\"in-vm\"",
                        "<pooled-connection-factory name=\"activemq-ra\" entries=\"java:/JmsXA java:jboss/DefaultJMSConnectionFactory\" connectors=\""
                                + CONNECTOR + "\" user=\"" + USER + "\" password=\"" + PASSWORD + "\"");
                return replaceOnce(edited, "</socket-binding-group>",
                        "    <outbound-socket-binding name=\"" + CONNECTOR + "\">\n"
                                + "            <remote-destination host=\"127.0.0.1\" port=\"" + brokerHttpPort + "\"/>\n"
                                + "        </outbound-socket-binding>\n    </socket-binding-group>");
            }
        };
    }

    /** {@code standalone-full.xml} with run-time IIOP ports and a node's own edits. */
    private abstract static class Full implements WildFlyNode.Profile {

        private static final Pattern IIOP = Pattern.compile("(<socket-binding name=\"iiop(?:-ssl)?\" [^>]*port=\")(\\d+)\"");

        @Override
        public String serverConfig() {
            return FULL;
        }

        @Override
        public void apply(Path configurationDir) throws IOException {
            Path file = configurationDir.resolve(FULL);
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            Matcher iiop = IIOP.matcher(xml);
            StringBuilder edited = new StringBuilder();
            int found = 0;
            while (iiop.find()) {
                iiop.appendReplacement(edited, Matcher.quoteReplacement(iiop.group(1) + FreePorts.pick() + "\""));
                found++;
            }
            iiop.appendTail(edited);
            if (found != 2) {
                throw new IOException(file + " has " + found + " IIOP socket bindings, not 2: the test's edits no"
                        + " longer fit this WildFly");
            }
            Files.writeString(file, edit(edited.toString(), configurationDir), StandardCharsets.UTF_8);
        }

        /**
         * Makes the node's own edits.
         *
         * @param xml the configuration, IIOP ports already picked
         * @param configurationDir the node's configuration folder
         * @return the edited configuration
         * @throws IOException when a file cannot be written
         */
        abstract String edit(String xml, Path configurationDir) throws IOException;
    }

    /** Adds the user as {@code add-user.sh -a -u melody -p … -g guest} does. */
    private static void addApplicationUser(Path configurationDir) throws IOException {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((USER + ":ApplicationRealm:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        Files.writeString(configurationDir.resolve("application-users.properties"), "\n" + USER + "=" + hash + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(configurationDir.resolve("application-roles.properties"), "\n" + USER + "=guest\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String replaceOnce(String text, String anchor, String replacement) {
        int at = text.indexOf(anchor);
        if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
            throw new IllegalStateException("standalone-full.xml does not have exactly one '" + anchor
                    + "': the test's edits no longer fit this WildFly");
        }
        return text.substring(0, at) + replacement + text.substring(at + anchor.length());
    }
}
