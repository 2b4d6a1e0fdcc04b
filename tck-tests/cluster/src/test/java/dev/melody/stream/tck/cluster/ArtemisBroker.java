package dev.melody.stream.tck.cluster;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An Apache Artemis broker embedded in the test JVM, the external broker of servers without one of their own (Payara
 * Micro): one core protocol acceptor on 127.0.0.1 at a port picked at run time, no persistence, no security, no
 * disk-usage limit (a full disk elsewhere on the machine must not block its producers), addresses created on first
 * use (so {@code JMSContext.createTopic("melody.sse")} needs no set-up).
 *
 * <p><b>Thread-safety and lifecycle.</b> Started by {@link #start}, used by the servers over TCP, stopped by
 * {@link #close()} (idempotent, synchronized) when the cluster closes.
 */
final class ArtemisBroker implements AutoCloseable {

    private final int port;
    private EmbeddedActiveMQ server; // guarded by this

    private ArtemisBroker(int port, EmbeddedActiveMQ server) {
        this.port = port;
        this.server = server;
    }

    /**
     * Starts a broker.
     *
     * @param dir the folder for the broker's files (it keeps no journal, but Artemis wants the folders named)
     * @return the running broker
     * @throws Exception when the broker does not start
     */
    static ArtemisBroker start(Path dir) throws Exception {
        int port = FreePorts.pick();
        Configuration config = new ConfigurationImpl()
                .setName("melody-cluster-broker")
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setMaxDiskUsage(-1)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        return new ArtemisBroker(port, server);
    }

    /**
     * Returns the URL an Artemis client connects to.
     *
     * @return {@code tcp://127.0.0.1:<port>}
     */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public String toString() {
        return "Artemis at " + url();
    }
}
