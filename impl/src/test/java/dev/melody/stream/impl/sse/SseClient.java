package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE reader over the JDK's HTTP client: keeps every byte it received, parses them as a browser does, and
 * queues events and comments for the test to wait on.
 */
final class SseClient implements AutoCloseable {

    private final HttpResponse<InputStream> response;
    private final StringBuilder raw = new StringBuilder();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch reading;

    private SseClient(HttpResponse<InputStream> response, boolean paused) {
        this.response = response;
        this.reading = new CountDownLatch(paused ? 1 : 0);
    }

    /** Connects to a path of the deployment; the server closes the client when it closes. */
    static SseClient connect(TestServer server, String pathAndQuery) throws Exception {
        return connect(server, pathAndQuery, Map.of());
    }

    /** Connects to a path of the deployment with extra request headers; the server closes the client when it closes. */
    static SseClient connect(TestServer server, String pathAndQuery, Map<String, String> headers) throws Exception {
        return server.track(connect(server.http(), server.uri(Transport.SSE, pathAndQuery), headers));
    }

    /** Connects a client that reads nothing until {@link #resume()}; the server closes it when it closes. */
    static SseClient connectPaused(TestServer server, String pathAndQuery) throws Exception {
        return server.track(connect(server.http(), server.uri(Transport.SSE, pathAndQuery), Map.of(), true));
    }

    static SseClient connect(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        return connect(http, uri, headers, false);
    }

    /**
     * Connects; a paused client reads nothing until {@link #resume()}, so that the server's writes back up into the
     * socket buffers and then into the server, as with a client that stopped reading.
     */
    static SseClient connect(HttpClient http, URI uri, Map<String, String> headers, boolean paused)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        SseClient client = new SseClient(response, paused);
        if (response.statusCode() == 200) {
            Thread reader = new Thread(client::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return client;
    }

    /** Starts reading, if paused. */
    void resume() {
        reading.countDown();
    }

    private void read() {
        EventStreamParser parser = new EventStreamParser(events::add, comments::add);
        char[] buffer = new char[8192];
        try {
            if (!reading.await(Timeouts.WAIT.toMillis() * 6, TimeUnit.MILLISECONDS)) {
                return;                                   // never resumed: the test has failed or moved on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (Reader reader = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                String chunk = new String(buffer, 0, n);
                synchronized (raw) {
                    raw.append(chunk);
                }
                parser.feed(chunk);
            }
        } catch (IOException e) {
            // the stream ended abnormally (or the test closed it): that is an end too
        } finally {
            ended.countDown();
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    /** Reads the whole body of a response that is not a stream (a refusal). */
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

    /** Waits for the open comment, written once the stream is subscribed. */
    SseClient awaitOpen() throws InterruptedException {
        awaitComment(SseEventFormat.COMMENT_OPEN);
        return this;
    }

    void awaitComment(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Timeouts.WAIT.toNanos();
        while (true) {
            String comment = comments.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(comment, "no comment '" + text + "' within " + Timeouts.WAIT + "; received: " + raw());
            if (comment.equals(text)) {
                return;
            }
        }
    }

    Event awaitEvent() throws InterruptedException {
        Event event = events.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + Timeouts.WAIT + "; received: " + tail());
        return event;
    }

    List<Event> awaitEvents(int count) throws InterruptedException {
        List<Event> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(awaitEvent());
        }
        return received;
    }

    /** Waits until the server completes the stream. */
    void awaitEnd() throws InterruptedException {
        assertTrue(ended.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the stream did not end within " + Timeouts.WAIT);
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    void assertStreamHeaders() {
        assertEquals(200, status());
        assertTrue(headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                "Content-Type: " + headers().firstValue("Content-Type"));
        assertEquals("no-cache", headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no", headers().firstValue("X-Accel-Buffering").orElse(null));
    }

    private String tail() {
        String all = raw();
        return all.length() <= 400 ? all : "…" + all.substring(all.length() - 400);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
