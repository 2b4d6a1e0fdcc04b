package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Talks to the {@link dev.melody.stream.tck.app.HubProbeServlet} of a deployment over HTTP and parses its
 * {@code key=value} answer. Every request is bounded in time.
 *
 * <p>Every server of the suite listens on 127.0.0.1 only, so requests always go there, on the port and path the
 * adapter reports: adapters name the host differently (Payara Micro reports the machine's own address, Open
 * Liberty {@code localhost}), and none of them is reachable under another address.
 */
public final class ProbeClient {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Creates a client for one deployment.
     *
     * @param deploymentUrl the deployment's base URL, as Arquillian injects it
     */
    public ProbeClient(URL deploymentUrl) {
        String path = deploymentUrl.getPath();
        this.base = URI.create("http://" + LOOPBACK + ":" + deploymentUrl.getPort()
                + (path.endsWith("/") ? path : path + "/"));
    }

    /**
     * Reads a probe.
     *
     * @param probe the probe's path below {@code probe/}
     * @return the answer's entries, in order
     */
    public Map<String, String> get(String probe) {
        return send(HttpRequest.newBuilder(base.resolve("probe/" + probe)).GET());
    }

    /**
     * Runs a probe that changes state.
     *
     * @param probe the probe's path below {@code probe/}
     * @param parameters the query parameters
     * @return the answer's entries, in order
     */
    public Map<String, String> post(String probe, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve("probe/" + probe + "?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Map<String, String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(built.method() + " " + built.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + built.uri(), e);
        }
        assertEquals(200, response.statusCode(),
                () -> built.method() + " " + built.uri() + " answered " + response.statusCode() + ":\n"
                        + response.body());
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                entries.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return entries;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
