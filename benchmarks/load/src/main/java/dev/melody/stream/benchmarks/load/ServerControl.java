package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The client's side of the benchmark WAR's control API: publish, subscriber counts, heap after GC, and the server
 * process's RSS from {@code /proc} (client and server share the machine).
 *
 * <p>Thread-safety: safe for one caller at a time, which is the scenario thread. Every call has a timeout.
 */
final class ServerControl {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final long POLL_MILLIS = 100;
    private static final long BYTES_PER_KB = 1024;
    /** utime and stime in /proc/PID/stat, counted from the field after the command's closing parenthesis. */
    private static final int USER_TICKS_FIELD = 11;
    private static final int SYSTEM_TICKS_FIELD = 12;
    private static final long MILLIS_PER_TICK = 10;

    /** HTTP/1.1 only: the JDK client otherwise offers an h2c upgrade, which Payara accepted and then broke off. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /**
     * Creates the control client.
     *
     * @param base the WAR's base URL, such as {@code http://127.0.0.1:8080/melody-bench}
     */
    ServerControl(String base) {
        this.base = base;
    }

    /** Returns another client of the same server, for a second caller (a background publisher). */
    ServerControl another() {
        return new ServerControl(base);
    }

    /** Asks the server to publish; returns when it has (the publisher runs on the request's thread). */
    long publish(Target target, String topic, int count, double rate, int size, Duration timeout)
            throws IOException, InterruptedException {
        return Long.parseLong(publish(target, topic, count, rate, size, false, timeout).get("published"));
    }

    /**
     * Asks the server to publish and, with {@code awaitBroadcasts}, also to wait until its hub counted them all
     * ({@code settledNanos} in the answer); returns the answer's fields.
     */
    Map<String, String> publish(Target target, String topic, int count, double rate, int size,
                                boolean awaitBroadcasts, Duration timeout) throws IOException, InterruptedException {
        return fields(call(HttpRequest.newBuilder(URI.create(base + "/bench/publish?target="
                + target.publishTarget() + "&topic=" + topic + "&count=" + count + "&rate=" + rate + "&size=" + size
                + (awaitBroadcasts ? "&awaitBroadcasts=true" : "")))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout).build()));
    }

    /** Returns the status fields for a topic: subscribers per target and the hub's counters. */
    Map<String, String> status(String topic) throws IOException, InterruptedException {
        return fields(call(HttpRequest.newBuilder(URI.create(base + "/bench/status?topic=" + topic))
                .timeout(CALL_TIMEOUT).build()));
    }

    /**
     * Asks the server to answer once its hub counted at least {@code n} broadcasts (its own and a backplane's
     * deliveries), or after {@code timeoutMillis}; returns the wall-clock time in microseconds since the epoch at
     * which the server saw them counted, or -1 when it did not within the bound.
     */
    long awaitBroadcasts(long n, long timeoutMillis) throws IOException, InterruptedException {
        Map<String, String> answer = fields(call(HttpRequest.newBuilder(URI.create(base
                + "/bench/status/broadcasts?atLeast=" + n + "&timeoutMillis=" + timeoutMillis))
                .timeout(CALL_TIMEOUT.plusMillis(timeoutMillis)).build()));
        return Boolean.parseBoolean(answer.get("reached")) ? Long.parseLong(answer.get("reachedEpochMicros")) : -1;
    }

    /** Waits until the server counts at least {@code n} subscribers of the target on the topic; returns the count. */
    long awaitSubscribers(Target target, String topic, long n, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long count;
        while ((count = Long.parseLong(status(topic).get(target.statusKey()))) < n
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return count;
    }

    /** Waits until the server counts at most {@code n} subscribers of the target on the topic. */
    long awaitAtMost(Target target, String topic, long n, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long count;
        while ((count = Long.parseLong(status(topic).get(target.statusKey()))) > n
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return count;
    }

    /** The server's memory: heap in use after full collections, and its resident set. */
    record Memory(long heapBytes, long rssBytes) {
    }

    Memory memory() throws IOException, InterruptedException {
        Map<String, String> heap = fields(call(HttpRequest.newBuilder(URI.create(base + "/bench/status/heap"))
                .timeout(CALL_TIMEOUT).build()));
        return new Memory(Long.parseLong(heap.get("heapUsed")), rss(Long.parseLong(heap.get("pid"))));
    }

    /** Reads VmRSS of a process from {@code /proc}; -1 where there is no such file. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * BYTES_PER_KB;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Reads the CPU time a process has used so far (user and system) from {@code /proc}; -1 where there is no such
     * process. Counts in the kernel's clock ticks, taken here as the usual 100 a second.
     */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[USER_TICKS_FIELD]) + Long.parseLong(fields[SYSTEM_TICKS_FIELD]))
                    * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!"GET".equals(request.method())) {
                throw e;                             // a publication is not repeated: it would count twice
            }
            Thread.sleep(POLL_MILLIS);
            response = http.send(request, HttpResponse.BodyHandlers.ofString());   // a probe: once more
        }
        if (response.statusCode() != 200) {
            throw new IOException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Parses {@code k=v k=v …}. */
    static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return fields;
    }
}
