package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WildFly from {@code wildfly-dist}: a fresh copy of the distribution's {@code standalone/} folder as the server's
 * base directory, the WAR in its {@code deployments/}, started with {@code bin/standalone.sh} bound to 127.0.0.1
 * with every port it listens on picked at run time.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link ClusterNode}.
 */
final class WildFlyNode extends ClusterNode {

    private final Path home;

    /**
     * Creates the node.
     *
     * @param home the unpacked distribution
     * @param workDir the folder under which the node writes
     */
    WildFlyNode(Path home, Path workDir) {
        super("wildfly", workDir);
        this.home = home;
    }

    @Override
    List<String> prepare(Path war, String redisUri) throws IOException {
        Path base = workDir().resolve("standalone");
        copyRecursively(home.resolve("standalone"), base);
        Files.copy(war, base.resolve("deployments").resolve(CONTEXT.substring(1) + ".war"));
        return List.of(home.resolve("bin/standalone.sh").toString(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + httpPort(),
                "-Djboss.https.port=" + FreePorts.pick(),
                "-Djboss.ajp.port=" + FreePorts.pick(),
                "-Djboss.management.http.port=" + FreePorts.pick(),
                "-Djboss.management.https.port=" + FreePorts.pick(),
                "-D" + REDIS_URI_PROPERTY + "=" + redisUri);
    }

    @Override
    Map<String, String> environment() {
        // standalone.conf keeps its other JVM defaults (which JAVA_OPTS would replace) when only these are given
        return Map.of("JBOSS_JAVA_SIZING", "-Xms64m " + HEAP + " " + QUICK_START,
                "JAVA_HOME", System.getProperty("java.home"));
    }
}
