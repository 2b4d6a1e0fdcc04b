package dev.melody.stream.amqp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node (the system's {@code rabbitmq-server}, as Go Melody users run it), on free loopback ports,
 * with its own files, started and stopped by a test.
 *
 * <p><b>Role.</b> Runs {@code rabbitmq-server} as a child process with its own node name, AMQP port
 * ({@code RABBITMQ_NODE_PORT}), distribution port ({@code RABBITMQ_DIST_PORT}) and port mapper
 * ({@code ERL_EPMD_PORT}: an {@code epmd} this class starts on {@code 127.0.0.1} and stops), everything bound to
 * {@code 127.0.0.1}; its database, logs, configuration, enabled-plugins file and Erlang cookie ({@code HOME}) are in a
 * folder of its own under the base folder given (a build's {@code target/}). No plugin is enabled; the user is the
 * default {@code guest} / {@code guest}, which RabbitMQ accepts from loopback only. {@link #start} returns once the
 * node answers AMQP, or fails after {@value #START_SECONDS} s with the tail of its log.
 *
 * <p>The server script is found as {@code rabbitmq-server} next to the running installation's own scripts
 * ({@code /usr/lib/rabbitmq/bin}, which do not switch to the {@code rabbitmq} user as Debian's {@code /usr/sbin}
 * wrapper does), else on the {@code PATH}; {@link #installed()} tells whether there is one.
 *
 * <p>Faults: {@link #stop()} ends the node with {@code SIGTERM} (RabbitMQ shuts down and closes its connections;
 * {@code SIGKILL} after {@value #STOP_SECONDS} s), {@link #restart()} starts it again on the same ports with an
 * empty database.
 *
 * <p><b>Thread-safety.</b> All methods are synchronized.
 *
 * <p><b>Lifecycle.</b> See {@link AmqpBroker}; {@link #close()} also stops the port mapper and deletes the node's
 * folder.
 */
public final class RabbitMqNode implements AmqpBroker {

    /** Debian's folder of RabbitMQ's own scripts. */
    public static final Path SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");

    private static final int START_SECONDS = 90;
    private static final int STOP_SECONDS = 30;

    private final Path server;
    private final Path dir;
    private final int amqpPort;
    private final int distPort;
    private final int epmdPort;
    private final String nodeName;
    private Process epmd; // guarded by this
    private Process node; // guarded by this

    private RabbitMqNode(Path server, Path dir, int amqpPort, int distPort, int epmdPort) {
        this.server = server;
        this.dir = dir;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
        this.epmdPort = epmdPort;
        this.nodeName = "melody" + amqpPort + "@localhost";
    }

    /**
     * Returns the {@code rabbitmq-server} script this class would run, if RabbitMQ is installed.
     *
     * @return the script, or empty
     */
    public static Optional<Path> installed() {
        Path own = SCRIPTS.resolve("rabbitmq-server");
        if (Files.isExecutable(own)) {
            return Optional.of(own);
        }
        for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = folder.isEmpty() ? null : Path.of(folder, "rabbitmq-server");
            if (candidate != null && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a node on free loopback ports, its files in a new folder under {@code base}.
     *
     * @param base the folder to put the node's folder in (created if needed), such as a build's {@code target/}
     * @return the running node
     * @throws IOException when RabbitMQ is not installed or the node does not answer in time
     */
    public static RabbitMqNode start(Path base) throws IOException {
        Path script = installed().orElseThrow(() -> new IOException(
                "rabbitmq-server is not installed (apt-get install rabbitmq-server)"));
        int amqp = AmqpProbe.freePort();
        Path dir = Files.createDirectories(base.toAbsolutePath()).resolve("rabbitmq-" + amqp);
        RabbitMqNode node = new RabbitMqNode(script, Files.createDirectories(dir), amqp, AmqpProbe.freePort(),
                AmqpProbe.freePort());
        try {
            node.launch();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    @Override
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort;
    }

    @Override
    public int port() {
        return amqpPort;
    }

    @Override
    public String describe() {
        return "RabbitMQ node " + nodeName + " (" + server + ")";
    }

    @Override
    public synchronized boolean isRunning() {
        return node != null && node.isAlive();
    }

    @Override
    public synchronized void stop() {
        if (node != null) {
            stopTree(node);
            node = null;
            AmqpProbe.awaitClosed(amqpPort, Duration.ofSeconds(STOP_SECONDS));
        }
    }

    @Override
    public synchronized void restart() throws IOException {
        stop();
        deleteTree(dir.resolve("mnesia"));
        launch();
    }

    @Override
    public synchronized void close() {
        stop();
        if (epmd != null) {
            stopTree(epmd);
            epmd = null;
        }
        deleteTree(dir);
    }

    /**
     * Runs {@code rabbitmqctl} against this node (for faults such as a memory alarm:
     * {@code set_vm_memory_high_watermark 0.000001}), waiting at most {@value #STOP_SECONDS} s.
     *
     * @param args the command and its arguments
     * @return what it printed
     * @throws IOException when it fails or does not finish in time
     */
    public synchronized String rabbitmqctl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(server.resolveSibling("rabbitmqctl").toString());
        command.add("-n");
        command.add(nodeName);
        command.addAll(List.of(args));
        Path out = dir.resolve("rabbitmqctl.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.resolve("home").toString());
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        String ctlPort = Integer.toString(AmqpProbe.freePort());
        env.put("RABBITMQ_CTL_DIST_PORT_MIN", ctlPort);
        env.put("RABBITMQ_CTL_DIST_PORT_MAX", ctlPort);
        env.put("RABBITMQ_CTL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        Process ctl = builder.start();
        try {
            if (!ctl.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                stopTree(ctl);
                throw new IOException("rabbitmqctl " + args[0] + " did not finish within " + STOP_SECONDS + " s: "
                        + tail(out));
            }
        } catch (InterruptedException e) {
            stopTree(ctl);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for rabbitmqctl", e);
        }
        String printed = tail(out);
        if (ctl.exitValue() != 0) {
            throw new IOException("rabbitmqctl " + args[0] + " exited with " + ctl.exitValue() + ": " + printed);
        }
        return printed;
    }

    private void launch() throws IOException {
        startEpmd();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = dir.resolve("rabbitmq.conf");
        Files.writeString(config, String.join("\n",
                "listeners.tcp.default = 127.0.0.1:" + amqpPort,
                "log.console = false",
                "log.file.level = info",
                ""), StandardCharsets.UTF_8);
        Path plugins = dir.resolve("enabled_plugins");
        Files.writeString(plugins, "[].\n", StandardCharsets.UTF_8);
        Path envFile = dir.resolve("rabbitmq-env.conf");
        Files.writeString(envFile, "# this node's settings come from the environment\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(server.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_CONFIG_FILE", config.toString());
        env.put("RABBITMQ_CONF_ENV_FILE", envFile.toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString());
        Process started = builder.start();
        if (!AmqpProbe.awaitAnswer(amqpPort, Duration.ofSeconds(START_SECONDS), started::isAlive)) {
            stopTree(started);
            throw new IOException("RabbitMQ node " + nodeName + " did not answer AMQP on 127.0.0.1:" + amqpPort
                    + " within " + START_SECONDS + " s: " + tail(log));
        }
        node = started;
    }

    private void startEpmd() throws IOException {
        if (epmd != null && epmd.isAlive()) {
            return;
        }
        // Our own port mapper, in the foreground, so that it is a child we stop; the node finds it on ERL_EPMD_PORT
        // and starts none of its own.
        ProcessBuilder builder = new ProcessBuilder("epmd", "-port", Integer.toString(epmdPort), "-address",
                "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("epmd.log").toFile()));
        builder.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        epmd = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && epmd.isAlive()) {
            if (AmqpProbe.accepts(epmdPort)) {
                return;   // listening
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));   // bounded polling
        }
        throw new IOException("epmd did not listen on 127.0.0.1:" + epmdPort + ": " + tail(dir.resolve("epmd.log")));
    }

    /** Ends a process and its descendants: SIGTERM first, SIGKILL for whatever is left after the bound. */
    private static void stopTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
            for (ProcessHandle child : descendants) {
                while (child.isAlive() && System.nanoTime() < deadline) {
                    child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // files left under target/; the next clean build removes them
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
