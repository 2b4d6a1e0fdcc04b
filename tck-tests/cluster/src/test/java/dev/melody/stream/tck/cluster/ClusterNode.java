package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One server of the cluster, running the test WAR at {@value #CONTEXT} on 127.0.0.1: starts it as a child process
 * (its output in {@code <work dir>/<name>.log}), waits until it serves the WAR, talks to it over HTTP, and stops it
 * with its whole process tree. Subclasses say how their server is laid out and launched.
 *
 * <p><b>Thread-safety.</b> {@link #start} and {@link #stop} are synchronized; {@link #broadcast} and the URI methods
 * may be called from any thread once started.
 *
 * <p><b>Lifecycle.</b> Created per test class, started once, stopped once in {@code @AfterAll} (stop is idempotent and
 * also safe on a node that never started).
 */
abstract class ClusterNode {

    /** The WAR's context root on every server. */
    static final String CONTEXT = "/melody-cluster";

    /** The system property through which every server's JVM gets the Redis URI. */
    static final String REDIS_URI_PROPERTY = "melody.stream.redis.uri";

    /** The WAR's probe of the server's Jakarta Messaging plumbing (in the JMS WARs only). */
    private static final String JMS_PROBE = "/jms-probe";

    /** The pause between two readiness requests. */
    private static final Duration POLL = Duration.ofMillis(500);

    /** The bound of one readiness request: a server still starting may hold it. */
    private static final Duration POLL_REQUEST = Duration.ofSeconds(10);

    /** The heap every server runs with. */
    static final String HEAP = "-Xmx512m";

    /**
     * Only the client compiler: three servers start at once on a few cores, and the server compiler's work during
     * start-up is what they would wait for; the test measures no throughput.
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private final String name;
    private final Path workDir;
    private final int httpPort = FreePorts.pick();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Bounds.WAIT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private Process process; // guarded by this

    /**
     * Creates a node.
     *
     * @param name the server's short name, used for its folder, its log and in messages
     * @param workDir the folder under which this node keeps what it writes
     */
    ClusterNode(String name, Path workDir) {
        this.name = name;
        this.workDir = workDir.resolve(name);
    }

    /**
     * Returns the server's short name.
     *
     * @return e.g. {@code wildfly}
     */
    String name() {
        return name;
    }

    /**
     * Returns the HTTP port the server listens on.
     *
     * @return the port on 127.0.0.1
     */
    int httpPort() {
        return httpPort;
    }

    /**
     * Returns the folder this node writes to.
     *
     * @return the folder
     */
    Path workDir() {
        return workDir;
    }

    /**
     * Lays the server out under {@link #workDir()} with the WAR deployed and returns the command that runs it in the
     * foreground.
     *
     * @param war the test WAR
     * @param properties the system properties the server's JVM gets (the backplane's settings, a broker's address)
     * @return the command, its first element the executable
     * @throws IOException when the layout cannot be written
     */
    abstract List<String> prepare(Path war, Map<String, String> properties) throws IOException;

    /**
     * Returns system properties as JVM options.
     *
     * @param properties the properties
     * @return one {@code -Dkey=value} per property, in the map's order
     */
    static List<String> jvmOptions(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * Returns environment variables the command needs besides the test JVM's own.
     *
     * @return the variables, possibly none
     */
    Map<String, String> environment() {
        return Map.of();
    }

    /**
     * Lays the server out and starts it; returns at once (see {@link #awaitServed}).
     *
     * @param war the test WAR
     * @param properties the system properties the server's JVM gets
     * @throws IOException when the server cannot be laid out or launched
     */
    synchronized void start(Path war, Map<String, String> properties) throws IOException {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(prepare(war, properties)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log().toFile());
        builder.environment().putAll(environment());
        process = builder.start();
    }

    /**
     * Returns the file the server's console output goes to.
     *
     * @return the log file
     */
    Path log() {
        return workDir.resolveSibling(name + ".log");
    }

    /**
     * Waits until {@code GET /probe/ready} answers 200, the process exits, or the deadline passes.
     *
     * @param deadline {@link System#nanoTime()} after which to give up
     * @throws InterruptedException when interrupted
     * @throws AssertionError when the server exited or did not serve the WAR in time (with the log's end)
     */
    void awaitServed(long deadline) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(uri("/probe/ready")).timeout(POLL_REQUEST).GET().build();
        while (System.nanoTime() < deadline) {
            Process running = process();
            if (!running.isAlive()) {
                throw new AssertionError(name + " exited with " + running.exitValue() + " before serving the WAR; "
                        + "its log ends with:\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            // bounded polling, which also notices an exit at once: a server tells the test nothing when it is ready
            running.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(name + " did not serve " + CONTEXT + " within " + Bounds.STARTUP
                + "; its log ends with:\n" + logTail());
    }

    private synchronized Process process() {
        if (process == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return process;
    }

    /**
     * Broadcasts one event on this node through the WAR's probe.
     *
     * @param topic the topic
     * @param data the event's data
     * @return how many subscribers of this node the broadcast reached
     */
    int broadcast(String topic, String data) {
        URI target = uri("/probe/broadcast?topic=" + encode(topic) + "&data=" + encode(data));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Bounds.WAIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body().strip();
            if (response.statusCode() != 200 || !body.startsWith("delivered=")) {
                throw new AssertionError(name + ": POST " + target + " answered " + response.statusCode() + ": "
                        + body);
            }
            return Integer.parseInt(body.substring("delivered=".length()));
        } catch (IOException e) {
            throw new AssertionError(name + ": POST " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during POST " + target, e);
        }
    }

    /**
     * Asks the WAR's JMS probe for its receiver's state.
     *
     * @return {@code subscribed}, or {@code connecting error=…}
     */
    String jmsProbeStatus() {
        return request("GET", JMS_PROBE + "/status").strip();
    }

    /**
     * Publishes one message to the JMS topic through the WAR's probe, on the server's request thread.
     *
     * @param data the message's data
     */
    void jmsProbeSend(String data) {
        String answer = request("POST", JMS_PROBE + "/send?data=" + encode(data)).strip();
        if (!"sent".equals(answer)) {
            throw new AssertionError(name + ": the JMS probe did not send: " + answer);
        }
    }

    /**
     * Returns what the WAR's JMS probe received from the topic.
     *
     * @return the data of the probe's messages, in the order received
     */
    List<String> jmsProbeReceived() {
        return request("GET", JMS_PROBE + "/received").lines().filter(line -> !line.isEmpty()).toList();
    }

    private String request(String method, String pathAndQuery) {
        URI target = uri(pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Bounds.WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(name + ": " + method + " " + target + " answered " + response.statusCode()
                        + ": " + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(name + ": " + method + " " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + target, e);
        }
    }

    /**
     * Returns the URI of a path of the WAR.
     *
     * @param pathAndQuery below the context root, starting with {@code /}
     * @return the {@code http:} URI on 127.0.0.1
     */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort + CONTEXT + pathAndQuery);
    }

    /**
     * Returns the URI of a topic's SSE stream.
     *
     * @param topic the topic
     * @return the stream's URI
     */
    URI sseUri(String topic) {
        return uri("/melody/events/" + topic);
    }

    /**
     * Returns the URI of a topic's WebSocket endpoint.
     *
     * @param topic the topic
     * @return the endpoint's {@code ws:} URI
     */
    URI webSocketUri(String topic) {
        return URI.create("ws://127.0.0.1:" + httpPort + CONTEXT + "/ws/" + topic);
    }

    /**
     * Stops the server and every process it started: asks politely ({@code SIGTERM}, the descendants first, since a
     * launcher script may not pass the signal on), then kills what is left after {@link Bounds#STOP}. Idempotent.
     */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Bounds.STOP.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    /**
     * Returns the end of the server's log, for failure messages.
     *
     * @return at most the last 4,000 characters
     */
    String logTail() {
        try {
            String text = Files.readString(log(), StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Deletes a folder and everything in it, if it exists.
     *
     * @param dir the folder
     */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Copies a folder and everything in it.
     *
     * @param from the folder to copy
     * @param to the copy, which must not exist yet
     * @throws IOException when copying fails
     */
    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
