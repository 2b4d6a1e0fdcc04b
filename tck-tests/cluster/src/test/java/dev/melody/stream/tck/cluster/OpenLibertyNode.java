package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Open Liberty from {@code openliberty-runtime}: a server of its own name in a user folder of its own
 * ({@code WLP_USER_DIR} under the node's work folder, so it shares nothing with other Liberty servers of the same
 * installation), written from scratch on every start: {@code server.xml} with the features a user of the library
 * enables (plus a profile's own features and elements), the HTTP endpoint on 127.0.0.1, {@code jvm.options} with the
 * heap and the system properties, the WAR in {@code dropins/}; run in the foreground with {@code bin/server run}.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link ClusterNode}.
 */
final class OpenLibertyNode extends ClusterNode {

    /** The server's name in the Redis cluster, unique to that test. */
    static final String SERVER_NAME = "melodycluster";

    /** The features every node enables: what the library needs. */
    private static final List<String> FEATURES = List.of("servlet-6.0", "cdi-4.0", "restfulWS-3.1", "websocket-2.1",
            "jsonp-2.1", "mpConfig-3.1", "concurrent-3.0");

    private static final String SERVER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <server description="Melody Stream cluster test">
              <featureManager>
            %s
              </featureManager>
              <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
              <applicationMonitor dropinsEnabled="true" updateTrigger="polled"/>
              <logging consoleLogLevel="INFO"/>
            %s
            </server>
            """;

    /**
     * What a node has besides the library's features, the HTTP endpoint and the cluster's system properties.
     *
     * @param serverName the server's name, unique to its test
     * @param features features to enable besides the library's
     * @param elements configuration elements, as XML
     * @param properties system properties of this node's JVM alone
     */
    record Profile(String serverName, List<String> features, String elements, Map<String, String> properties) {

        /** The Redis cluster's server: nothing besides. */
        static final Profile DEFAULT = new Profile(SERVER_NAME, List.of(), "", Map.of());
    }

    private final Path home;
    private final Profile profile;

    /**
     * Creates the node of the Redis cluster, named {@code open-liberty}.
     *
     * @param home the unpacked runtime ({@code wlp})
     * @param workDir the folder under which the node writes
     */
    OpenLibertyNode(Path home, Path workDir) {
        this("open-liberty", home, workDir, Profile.DEFAULT);
    }

    /**
     * Creates a node.
     *
     * @param name the node's name, unique in its cluster
     * @param home the unpacked runtime ({@code wlp})
     * @param workDir the folder under which the node writes
     * @param profile its server's name, features and configuration
     */
    OpenLibertyNode(String name, Path home, Path workDir, Profile profile) {
        super(name, workDir);
        this.home = home;
        this.profile = profile;
    }

    @Override
    List<String> prepare(Path war, Map<String, String> properties) throws IOException {
        Path server = Files.createDirectories(userDir().resolve("servers").resolve(profile.serverName()));
        List<String> features = new ArrayList<>(FEATURES);
        features.addAll(profile.features());
        String featureXml = features.stream().map(f -> "    <feature>" + f + "</feature>")
                .collect(Collectors.joining("\n"));
        Files.writeString(server.resolve("server.xml"),
                SERVER_XML.formatted(featureXml, httpPort(), profile.elements()));
        List<String> options = new ArrayList<>(List.of(HEAP, QUICK_START));
        options.addAll(jvmOptions(properties));
        options.addAll(jvmOptions(profile.properties()));
        Files.writeString(server.resolve("jvm.options"), String.join("\n", options) + "\n");
        Path dropins = Files.createDirectories(server.resolve("dropins"));
        Files.copy(war, dropins.resolve(CONTEXT.substring(1) + ".war"));
        return List.of(home.resolve("bin/server").toString(), "run", profile.serverName());
    }

    @Override
    Map<String, String> environment() {
        return Map.of("WLP_USER_DIR", userDir().toString(), "JAVA_HOME", System.getProperty("java.home"));
    }

    private Path userDir() {
        return workDir().resolve("usr");
    }
}
