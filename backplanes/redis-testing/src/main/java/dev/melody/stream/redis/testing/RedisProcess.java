package dev.melody.stream.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Redis server on a free loopback port, for tests and test scripts.
 *
 * <p><b>Role.</b> Starts {@code redis-server} as a child process bound to {@code 127.0.0.1}, without persistence
 * ({@code --save '' --appendonly no}), and waits, for a bounded time, until it answers {@code PING}. The binary is the
 * first of: the system property {@value #BINARY_PROPERTY}; {@code redis-server} on the {@code PATH}; the Linux binary
 * {@value #EMBEDDED_ENTRY} carried by {@code com.github.codemonstur:embedded-redis:1.4.3}, read from the class path or
 * from the local Maven repository and extracted once per JVM into a temporary folder.
 *
 * <p>Faults for tests: {@link #stop()} ends the server gracefully, {@link #kill()} with {@code SIGKILL},
 * {@link #restart()} starts an empty server on the same port.
 *
 * <p>From a shell: {@code java -cp <this jar> dev.melody.stream.redis.testing.RedisProcess [--port N] [--no-stdin]}
 * prints the port on the first line of standard output and runs until its standard input closes or it gets
 * {@code SIGTERM}; with {@code --no-stdin} (for a job started with {@code &}, whose standard input is
 * {@code /dev/null}) only until {@code SIGTERM}.
 *
 * <p><b>Thread-safety.</b> All methods are synchronized; one instance may be driven from several test threads.
 *
 * <p><b>Lifecycle.</b> Made by {@link #start()}; runs until {@link #stop()}, {@link #kill()} or {@link #close()}
 * (idempotent); {@link #restart()} may follow either. Use it in try-with-resources or a {@code finally} block.
 */
public final class RedisProcess implements AutoCloseable {

    /** System property naming a {@code redis-server} binary to use instead of searching for one. */
    public static final String BINARY_PROPERTY = "melody.redis.server";

    /** The jar entry of the Linux x86-64 binary inside embedded-redis 1.4.3. */
    public static final String EMBEDDED_ENTRY = "redis-server-6.2.6-v5-linux-amd64";

    private static final String EMBEDDED_JAR = "com/github/codemonstur/embedded-redis/1.4.3/embedded-redis-1.4.3.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 5;

    private static Path extractedBinary; // guarded by RedisProcess.class

    private final Path binary;
    private final Path workDir;
    private int port; // guarded by this
    private Process process; // guarded by this

    private RedisProcess(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /**
     * Starts a Redis server on a free loopback port.
     *
     * @return the running server
     * @throws IOException when no binary is found or the server does not answer in time
     */
    public static RedisProcess start() throws IOException {
        return start(0);
    }

    /**
     * Starts a Redis server on the given loopback port, or on a free one.
     *
     * @param port the port, or {@code 0} for a free one
     * @return the running server
     * @throws IOException when no binary is found or the server does not answer in time
     */
    public static RedisProcess start(int port) throws IOException {
        RedisProcess redis = new RedisProcess(binary(), Files.createTempDirectory("melody-redis-"));
        redis.launch(port);
        return redis;
    }

    /**
     * Returns the port the server listens on (kept across {@link #restart()}).
     *
     * @return the port
     */
    public synchronized int port() {
        return port;
    }

    /**
     * Returns the URI clients connect with, {@code redis://127.0.0.1:<port>}.
     *
     * @return the URI
     */
    public synchronized String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Tells whether the server process is alive.
     *
     * @return {@code true} while it runs
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server with {@code SIGTERM} (it exits without saving), then {@code SIGKILL} if it lingers. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    /** Kills the server with {@code SIGKILL}, as a crash would: connections break without a goodbye. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /**
     * Starts the server again, on the same port and with no data (a stopped one as well as a running one).
     *
     * @throws IOException when it does not answer in time
     */
    public synchronized void restart() throws IOException {
        stop();
        launch(port);
    }

    /** Stops the server (as {@link #stop()}) and deletes its working folder; idempotent. */
    @Override
    public synchronized void close() {
        stop();
        try (var files = Files.list(workDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            // a temporary folder left behind; nothing a test can do about it
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void launch(int wanted) throws IOException {
        IOException last = null;
        int attempts = wanted == 0 ? START_ATTEMPTS : START_ATTEMPTS * 4;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int candidate = wanted == 0 ? freePort() : wanted;
            try {
                launchOnce(candidate);
                port = candidate;
                return;
            } catch (IOException e) {
                last = e; // the port was taken between probe and bind (free ports), or not yet released (restart)
            }
        }
        throw last;
    }

    private void launchOnce(int candidate) throws IOException {
        Path log = workDir.resolve("redis-" + candidate + ".log");
        List<String> command = List.of(binary.toString(), "--port", Integer.toString(candidate),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString(),
                "--daemonize", "no", "--loglevel", "warning");
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IOException("redis-server exited with " + started.exitValue() + " on port " + candidate
                        + ": " + tail(log));
            }
            if (answersPing(candidate)) {
                process = started;
                return;
            }
            pause();
        }
        started.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + candidate + " within " + START_TIMEOUT
                + ": " + tail(log));
    }

    private static boolean answersPing(int port) {
        try (RespClient client = RespClient.connect(port, Duration.ofMillis(500))) {
            return "PONG".equals(client.command("PING"));
        } catch (IOException | UncheckedIOException | RespClient.RespError e) {
            return false; // not listening yet, or still loading
        }
    }

    private static void pause() {
        try {
            // bounded polling for the server to come up; there is no event to wait on
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static synchronized Path binary() throws IOException {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        if (extractedBinary == null || !Files.isExecutable(extractedBinary)) {
            extractedBinary = extractEmbedded();
        }
        return extractedBinary;
    }

    private static Path extractEmbedded() throws IOException {
        Path dir = Files.createTempDirectory("melody-redis-bin-");
        dir.toFile().deleteOnExit();   // registered first, so deleted last, once the binary is gone
        Path target = dir.resolve("redis-server");
        try (InputStream in = RedisProcess.class.getClassLoader().getResourceAsStream(EMBEDDED_ENTRY)) {
            if (in != null) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                copyFromLocalRepository(target);
            }
        }
        if (!target.toFile().setExecutable(true, true)) {
            throw new IOException("cannot make " + target + " executable");
        }
        target.toFile().deleteOnExit();
        return target;
    }

    private static void copyFromLocalRepository(Path target) throws IOException {
        List<Path> tried = new ArrayList<>();
        String configuredRepo = System.getProperty("maven.repo.local");
        if (configuredRepo != null && !configuredRepo.isBlank()) {
            tried.add(Path.of(configuredRepo, EMBEDDED_JAR));
        }
        tried.add(Path.of(System.getProperty("user.home"), ".m2", "repository", EMBEDDED_JAR));
        for (Path jar : tried) {
            if (Files.isRegularFile(jar)) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry(EMBEDDED_ENTRY);
                    if (entry != null) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                            return;
                        }
                    }
                }
            }
        }
        throw new IOException("no redis-server: none on the PATH, no " + EMBEDDED_ENTRY + " on the class path, none in "
                + tried + "; install redis-server or set -D" + BINARY_PROPERTY + "=<path>");
    }

    /**
     * Runs a server from a shell: {@code [--port N] [--no-stdin]}; prints the port, then runs until standard input
     * closes (unless {@code --no-stdin}) or the JVM is told to stop ({@code SIGTERM}, {@code SIGINT}).
     *
     * @param args {@code --port N} and {@code --no-stdin}, both optional
     * @throws IOException when the server cannot start
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 0;
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if ("--no-stdin".equals(args[i])) {
                watchStdin = false;
            } else {
                System.err.println("usage: RedisProcess [--port N] [--no-stdin]");
                System.exit(2);
            }
        }
        RedisProcess redis = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "redis-process-stop"));
        System.out.println(redis.port());
        System.out.flush();
        try {
            if (watchStdin) {
                while (System.in.read() >= 0) {
                    // runs until standard input closes
                }
            } else {
                new java.util.concurrent.CountDownLatch(1).await(); // until a signal runs the shutdown hook
            }
        } finally {
            redis.close();
        }
    }
}
