package dev.melody.stream.jms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An embedded Artemis broker for tests: non-persistent, without security, with one netty acceptor on a free loopback
 * port that it keeps across {@link #stop()} and {@link #start()}, so that clients reconnect to the same address.
 *
 * <p><b>Thread-safety and lifecycle.</b> Driven by one test thread; {@link #close()} stops it and deletes its folder.
 */
final class ArtemisBroker implements AutoCloseable {

    private final int port;
    private final Path folder;
    private EmbeddedActiveMQ server;

    private ArtemisBroker(int port, Path folder) {
        this.port = port;
        this.folder = folder;
    }

    /** Starts a broker on a free port. */
    static ArtemisBroker start() throws Exception {
        Path folder = Files.createTempDirectory(Path.of("target"), "artemis-");
        ArtemisBroker broker = new ArtemisBroker(freePort(), folder);
        broker.startAgain();
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Starts the broker again on the same port, empty: nothing survives a stop. */
    void startAgain() throws Exception {
        if (server != null) {
            return;
        }
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setMaxDiskUsage(-1);
        config.setBrokerInstance(folder.toFile());
        config.addAcceptorConfiguration("netty", uri());
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(config);
        embedded.start();
        server = embedded;
    }

    /** Stops the broker; every client connection breaks. */
    void stop() throws Exception {
        EmbeddedActiveMQ running = server;
        server = null;
        if (running != null) {
            running.stop();
        }
    }

    /** The acceptor's URI, such as {@code tcp://127.0.0.1:61616}. */
    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A client connection factory without reconnection, so that a stopped broker breaks the link at once. */
    ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(uri() + "?callTimeout=5000&connectionTTL=10000");
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
