package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE reader of a deployment, on 127.0.0.1 like {@link ProbeClient}: keeps every byte it received and parses
 * them with {@link SseEventParser} as a browser's {@code EventSource} does (CRLF, CR and LF end a line; one leading
 * space is stripped; an event is dispatched at a blank line only if it had data; the last event id persists).
 */
final class SseStreamClient implements AutoCloseable {

    /** The bound of every wait; it only limits a failing test. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The comment the library writes when a stream is subscribed. */
    static final String OPEN_COMMENT = "melody.stream open";

    /** One dispatched event. */
    record Event(String type, String data, String lastEventId) {
    }

    private final HttpResponse<InputStream> response;
    private final StringBuilder raw = new StringBuilder();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final SseEventParser parser = new SseEventParser(events::add, comments::add);

    private SseStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
    }

    static URI uri(URL deploymentUrl, String pathAndQuery) {
        String path = deploymentUrl.getPath().replaceAll("/$", "");
        return URI.create("http://127.0.0.1:" + deploymentUrl.getPort() + path + pathAndQuery);
    }

    static SseStreamClient connect(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        SseStreamClient client = new SseStreamClient(response);
        if (response.statusCode() == 200) {
            Thread reader = new Thread(client::read, "tck-sse-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return client;
    }

    /** Opens a stream on a plain socket and reads it up to the open comment, then never reads again. */
    static Socket stalled(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[512];
        while (received.indexOf(OPEN_COMMENT) < 0) {
            int n = socket.getInputStream().read(buffer);
            assertTrue(n >= 0, "the stream ended before it opened: " + received);
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return socket;
    }

    private void read() {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                synchronized (raw) {
                    raw.append(buffer, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    parser.feed(buffer[i]);
                }
            }
        } catch (IOException e) {
            // the stream ended, or the test closed it
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    String body() throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String raw() {
        synchronized (raw) {
            return raw.toString();
        }
    }

    SseStreamClient awaitOpen() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String comment = comments.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(comment, "the stream did not open within " + WAIT + "; received: " + raw());
            if (comment.equals(OPEN_COMMENT)) {
                return this;
            }
        }
    }

    Event next() throws InterruptedException {
        Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + WAIT + "; received: " + raw());
        return event;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // best effort
        }
    }
}
