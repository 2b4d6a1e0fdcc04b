package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WildFly from {@code wildfly-dist}: a fresh copy of the distribution's {@code standalone/} folder as the server's
 * base directory, the WAR in its {@code deployments/}, started with {@code bin/standalone.sh} bound to 127.0.0.1
 * with every port it listens on picked at run time. A {@link Profile} may choose another configuration file
 * ({@code standalone-full.xml} for Jakarta Messaging) and change the copy before the server starts.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link ClusterNode}.
 */
final class WildFlyNode extends ClusterNode {

    /**
     * How a node's configuration differs from the distribution's {@code standalone.xml}.
     */
    interface Profile {

        /** The distribution's web profile configuration, unchanged. */
        Profile DEFAULT = new Profile() {
            @Override
            public String serverConfig() {
                return "standalone.xml";
            }

            @Override
            public void apply(Path configurationDir) {
                // nothing to change
            }
        };

        /**
         * Returns the configuration file the server starts with.
         *
         * @return a file name in {@code configuration/}
         */
        String serverConfig();

        /**
         * Changes the node's copy of the configuration folder before the server starts.
         *
         * @param configurationDir the node's {@code standalone/configuration}
         * @throws IOException when a file cannot be read or written
         */
        void apply(Path configurationDir) throws IOException;
    }

    private final Path home;
    private final Profile profile;

    /**
     * Creates the node of the Redis cluster, named {@code wildfly}, with the distribution's {@code standalone.xml}.
     *
     * @param home the unpacked distribution
     * @param workDir the folder under which the node writes
     */
    WildFlyNode(Path home, Path workDir) {
        this("wildfly", home, workDir, Profile.DEFAULT);
    }

    /**
     * Creates a node.
     *
     * @param name the node's name, unique in its cluster
     * @param home the unpacked distribution
     * @param workDir the folder under which the node writes
     * @param profile its configuration
     */
    WildFlyNode(String name, Path home, Path workDir, Profile profile) {
        super(name, workDir);
        this.home = home;
        this.profile = profile;
    }

    @Override
    List<String> prepare(Path war, Map<String, String> properties) throws IOException {
        Path base = workDir().resolve("standalone");
        copyRecursively(home.resolve("standalone"), base);
        profile.apply(base.resolve("configuration"));
        Files.copy(war, base.resolve("deployments").resolve(CONTEXT.substring(1) + ".war"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-c", profile.serverConfig(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + httpPort(),
                "-Djboss.https.port=" + FreePorts.pick(),
                "-Djboss.ajp.port=" + FreePorts.pick(),
                "-Djboss.management.http.port=" + FreePorts.pick(),
                "-Djboss.management.https.port=" + FreePorts.pick(),
                // a transaction manager's own identifier: nodes sharing a broker must not share one (WFLYTX0013)
                "-Djboss.tx.node.id=" + name()));
        command.addAll(jvmOptions(properties));
        return command;
    }

    @Override
    Map<String, String> environment() {
        // standalone.conf keeps its other JVM defaults (which JAVA_OPTS would replace) when only these are given
        return Map.of("JBOSS_JAVA_SIZING", "-Xms64m " + HEAP + " " + QUICK_START,
                "JAVA_HOME", System.getProperty("java.home"));
    }
}
