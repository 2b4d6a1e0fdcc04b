package dev.melody.stream.amqp.testing;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;

/**
 * Apache Qpid Broker-J, embedded in the test's JVM, speaking AMQP 0-9-1 on a free loopback port.
 *
 * <p><b>Role.</b> The AMQP broker every test run has: it comes from Maven Central ({@code qpid-broker-core}, the
 * AMQP 0-8..0-9-1 protocol plugin and the in-memory store plugin), needs no installation, and starts in about a
 * second. Everything lives in memory (configuration, virtual host, messages); the user is {@code guest} /
 * {@code guest} over SASL PLAIN; the only port is AMQP, bound to {@code 127.0.0.1}. Its work folder (which Qpid
 * wants even with memory stores) is a temporary folder deleted by {@link #close()}.
 *
 * <p>Faults: {@link #stop()} shuts the broker down (Qpid closes every connection, then the port);
 * {@link #restart()} starts a new, empty broker on the same port.
 *
 * <p><b>Thread-safety.</b> All methods are synchronized.
 *
 * <p><b>Lifecycle.</b> Made running by {@link #start()}; see {@link AmqpBroker}. Only one should run per JVM at a
 * time: Qpid keeps some state per JVM (its logging set-up), and one broker serves every node of a test.
 */
public final class QpidBroker implements AmqpBroker {

    /** The Qpid Broker-J version this launcher was written for. */
    public static final String VERSION = "9.2.1";

    private static final String CONFIG = "qpid-config.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 5;

    private final Path workDir;
    private int port; // guarded by this
    private SystemLauncher launcher; // guarded by this

    private QpidBroker(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Starts a broker on a free loopback port.
     *
     * @return the running broker
     * @throws IOException when it does not start
     */
    public static QpidBroker start() throws IOException {
        QpidBroker broker = new QpidBroker(Files.createTempDirectory("melody-qpid-"));
        try {
            broker.launch(0);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    @Override
    public synchronized String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public String describe() {
        return "Qpid Broker-J " + VERSION;
    }

    @Override
    public synchronized boolean isRunning() {
        return launcher != null;
    }

    @Override
    public synchronized void stop() {
        if (launcher != null) {
            try {
                launcher.shutdown();
            } finally {
                launcher = null;
            }
            AmqpProbe.awaitClosed(port, STOP_TIMEOUT);
        }
    }

    @Override
    public synchronized void restart() throws IOException {
        stop();
        launch(port);
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary folder left behind; nothing a test can do about it
        }
    }

    private void launch(int wanted) throws IOException {
        Exception last = null;
        int attempts = wanted == 0 ? START_ATTEMPTS : START_ATTEMPTS * 4;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int candidate = wanted == 0 ? AmqpProbe.freePort() : wanted;
            SystemLauncher started = new SystemLauncher();
            try {
                started.startup(attributes(candidate));
            } catch (Exception e) {
                last = e;   // the port was taken between probe and bind, or not yet released after a stop
                shutdownQuietly(started);
                continue;
            }
            if (AmqpProbe.awaitAnswer(candidate, START_TIMEOUT, () -> true)) {
                launcher = started;
                port = candidate;
                return;
            }
            shutdownQuietly(started);
            last = new IOException("Qpid did not answer AMQP on port " + candidate + " within " + START_TIMEOUT);
        }
        throw new IOException("Qpid Broker-J did not start (last port tried: " + (wanted == 0 ? "free" : wanted) + ")",
                last);
    }

    private Map<String, Object> attributes(int candidate) throws IOException {
        URL config = QpidBroker.class.getResource(CONFIG);
        if (config == null) {
            throw new IOException("missing resource " + CONFIG + " beside " + QpidBroker.class.getName());
        }
        Path run = Files.createDirectories(workDir.resolve("run-" + candidate + "-" + System.nanoTime()));
        Map<String, String> context = new HashMap<>();
        context.put("melody.qpid.port", Integer.toString(candidate));
        context.put("qpid.work_dir", run.toString());
        context.put("QPID_WORK", run.toString());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", config.toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        return attributes;
    }

    private static void shutdownQuietly(SystemLauncher launcher) {
        try {
            launcher.shutdown();
        } catch (RuntimeException e) {
            // it did not start; nothing left to stop
        }
    }
}
