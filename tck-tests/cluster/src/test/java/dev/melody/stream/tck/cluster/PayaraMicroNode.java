package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro: {@code java -jar payara-micro.jar --deploy} the WAR, clustering (Hazelcast) off, both HTTP listeners
 * bound to 127.0.0.1 by a pre-boot command file, ports picked at run time, its root and temporary folders under the
 * node's work folder.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link ClusterNode}.
 */
final class PayaraMicroNode extends ClusterNode {

    private static final String LOOPBACK_COMMANDS = """
            set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
            set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1
            """;

    private final Path jar;

    /**
     * Creates the node of the Redis cluster, named {@code payara-micro}.
     *
     * @param jar {@code payara-micro.jar}
     * @param workDir the folder under which the node writes
     */
    PayaraMicroNode(Path jar, Path workDir) {
        this("payara-micro", jar, workDir);
    }

    /**
     * Creates a node.
     *
     * @param name the node's name, unique in its cluster
     * @param jar {@code payara-micro.jar}
     * @param workDir the folder under which the node writes
     */
    PayaraMicroNode(String name, Path jar, Path workDir) {
        super(name, workDir);
        this.jar = jar;
    }

    @Override
    List<String> prepare(Path war, Map<String, String> properties) throws IOException {
        Path tmp = Files.createDirectories(workDir().resolve("tmp"));
        Path preboot = Files.writeString(workDir().resolve("loopback.asadmin"), LOOPBACK_COMMANDS);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), HEAP, QUICK_START,
                "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions(properties));
        command.addAll(List.of("-jar", jar.toString(), "--nocluster",
                "--prebootcommandfile", preboot.toString(),
                "--deploy", war.toString(), "--contextroot", CONTEXT.substring(1),
                "--port", Integer.toString(httpPort()), "--sslport", Integer.toString(FreePorts.pick()),
                "--rootdir", workDir().resolve("root").toString()));
        return command;
    }
}
