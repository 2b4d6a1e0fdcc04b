package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Open Liberty from {@code openliberty-runtime}: a server of its own name ({@value #SERVER_NAME}) in a user folder of
 * its own ({@code WLP_USER_DIR} under the node's work folder, so it shares nothing with other Liberty servers of the
 * same installation), written from scratch on every start: {@code server.xml} with the features a user of the
 * library enables, the HTTP endpoint on 127.0.0.1, {@code jvm.options} with the heap and the Redis URI, the WAR in
 * {@code dropins/}; run in the foreground with {@code bin/server run}.
 *
 * <p><b>Thread-safety and lifecycle.</b> As {@link ClusterNode}.
 */
final class OpenLibertyNode extends ClusterNode {

    /** The server's name, unique to this test. */
    static final String SERVER_NAME = "melodycluster";

    private static final String SERVER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <server description="Melody Stream cluster test">
              <featureManager>
                <feature>servlet-6.0</feature>
                <feature>cdi-4.0</feature>
                <feature>restfulWS-3.1</feature>
                <feature>websocket-2.1</feature>
                <feature>jsonp-2.1</feature>
                <feature>mpConfig-3.1</feature>
                <feature>concurrent-3.0</feature>
              </featureManager>
              <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
              <applicationMonitor dropinsEnabled="true" updateTrigger="polled"/>
              <logging consoleLogLevel="INFO"/>
            </server>
            """;

    private final Path home;

    /**
     * Creates the node.
     *
     * @param home the unpacked runtime ({@code wlp})
     * @param workDir the folder under which the node writes
     */
    OpenLibertyNode(Path home, Path workDir) {
        super("open-liberty", workDir);
        this.home = home;
    }

    @Override
    List<String> prepare(Path war, String redisUri) throws IOException {
        Path server = Files.createDirectories(userDir().resolve("servers").resolve(SERVER_NAME));
        Files.writeString(server.resolve("server.xml"), SERVER_XML.formatted(httpPort()));
        Files.writeString(server.resolve("jvm.options"),
                String.join("\n", HEAP, QUICK_START, "-D" + REDIS_URI_PROPERTY + "=" + redisUri) + "\n");
        Path dropins = Files.createDirectories(server.resolve("dropins"));
        Files.copy(war, dropins.resolve(CONTEXT.substring(1) + ".war"));
        return List.of(home.resolve("bin/server").toString(), "run", SERVER_NAME);
    }

    @Override
    Map<String, String> environment() {
        return Map.of("WLP_USER_DIR", userDir().toString(), "JAVA_HOME", System.getProperty("java.home"));
    }

    private Path userDir() {
        return workDir().resolve("usr");
    }
}
