package dev.melody.stream.tck.hostile;

import dev.melody.stream.tck.ProbeClient;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The deployment a case runs against: its raw HTTP address, its context path, and its hostile probe
 * ({@code dev.melody.stream.tck.app.HostileProbeServlet}).
 *
 * <p><b>Thread-safety.</b> Immutable; each probe call is its own HTTP request.
 *
 * <p><b>Lifecycle.</b> One per test class run, for the class's one deployment.
 */
public final class HostileTarget {

    private final RawHttp http;
    private final String contextPath;
    private final ProbeClient probe;

    /**
     * Creates the target of a deployment.
     *
     * @param deploymentUrl the deployment's base URL as Arquillian injects it
     */
    public HostileTarget(URL deploymentUrl) {
        this.http = new RawHttp("127.0.0.1", deploymentUrl.getPort());
        this.contextPath = deploymentUrl.getPath().replaceAll("/$", "");
        this.probe = new ProbeClient(deploymentUrl);
    }

    /** Returns the raw HTTP client of the server. */
    public RawHttp http() {
        return http;
    }

    /**
     * Returns a request target in the deployment.
     *
     * @param path the path (and query) below the context root, starting with {@code /}, sent as given
     * @return the target
     */
    public String path(String path) {
        return contextPath + path;
    }

    /** Returns the deployment's own origin, {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return "http://" + http.authority();
    }

    /**
     * Broadcasts one event.
     *
     * @param topic the topic
     * @param data the event's data
     */
    public void broadcast(String topic, String data) {
        probe.post("../hostileprobe/broadcast", Map.of("topic", topic, "data", data));
    }

    /**
     * Waits (bounded, on the server) until a topic has a number of subscribers.
     *
     * @param topic the topic
     * @param count the number awaited
     * @return the number the server saw last
     */
    public int awaitSubscribers(String topic, int count) {
        return Integer.parseInt(probe.get("../hostileprobe/subscribers?topic=" + encode(topic) + "&await=" + count)
                .get("subscribers"));
    }

    /**
     * Waits (bounded, on the server) until a topic observed a number of inbound messages, and reports its tally.
     *
     * @param topic the topic
     * @param count the number awaited
     * @return {@code count}, {@code numbered} and {@code outOfOrder}
     */
    public Map<String, String> inbound(String topic, int count) {
        return probe.get("../hostileprobe/inbound?topic=" + encode(topic) + "&await=" + count);
    }

    /** Returns the number of the last captured log record. */
    public long logMark() {
        return Long.parseLong(probe.get("../hostileprobe/mark").get("mark"));
    }

    /**
     * Returns the log records captured after a mark.
     *
     * @param mark a value of {@link #logMark()}
     * @return record number to {@code LEVEL|levelValue|logger|thrown|message}, oldest first
     */
    public Map<String, String> logSince(long mark) {
        return probe.get("../hostileprobe/log?since=" + mark);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
