package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE reader of one node's {@code /melody/events/{topic}} stream, parsing as a browser's {@code EventSource}
 * does (CR, LF and CRLF end a line; one leading space of a value is stripped; an event is dispatched at a blank line
 * if it had data; the last event id persists). It is subscribed once it has read the library's open comment.
 *
 * <p><b>Thread-safety and lifecycle.</b> {@link #connect} returns a subscribed client whose own daemon thread reads
 * the stream until it ends or {@link #close()} (idempotent) closes it; see {@link StreamClient} for the rest.
 */
final class SseClient extends StreamClient {

    /** The comment the library writes once a stream is subscribed. */
    private static final String OPEN_COMMENT = "melody.stream open";

    private final CountDownLatch opened = new CountDownLatch(1);
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String lastId = "";
    private boolean lastWasCr;
    private volatile InputStream body;

    private SseClient(String name) {
        super(name);
    }

    /**
     * Opens a stream and waits, bounded, until it is subscribed.
     *
     * @param name where it connects, for messages
     * @param uri the stream's URI
     * @param lastEventId the {@code Last-Event-ID} to send, or {@code null} for none
     * @return the subscribed client
     * @throws Exception when the server refuses or does not open the stream within {@link Bounds#WAIT}
     */
    static SseClient connect(String name, URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Bounds.WAIT).build()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(Bounds.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (response.statusCode() != 200) {
            try (InputStream refused = response.body()) {
                throw new AssertionError(name + ": " + uri + " answered " + response.statusCode() + ": "
                        + new String(refused.readNBytes(2000), StandardCharsets.UTF_8));
            }
        }
        SseClient client = new SseClient(name);
        client.body = response.body();
        Thread reader = new Thread(client::read, "cluster-sse-" + name);
        reader.setDaemon(true);
        reader.start();
        if (!client.opened.await(Bounds.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new AssertionError(name + ": the stream " + uri + " did not open within " + Bounds.WAIT);
        }
        return client;
    }

    private void read() {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    feed(buffer[i]);
                }
            }
            ended("the server ended the stream");
        } catch (IOException e) {
            ended(e.toString());
        }
    }

    private void feed(char c) {
        if (c == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = c == '\r';
        if (c != '\r' && c != '\n') {
            line.append(c);
            return;
        }
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            dispatch();
        } else if (text.startsWith(":")) {
            if (text.substring(1).strip().equals(OPEN_COMMENT)) {
                opened.countDown();
            }
        } else {
            field(text);
        }
    }

    private void field(String text) {
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        switch (field) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> lastId = value;
            default -> { }
        }
    }

    private void dispatch() {
        if (data.length() > 0) {
            received(new ReceivedEvent(type.isEmpty() ? ReceivedEvent.DEFAULT_TYPE : type,
                    lastId, data.substring(0, data.length() - 1)));
        }
        data.setLength(0);
        type = "";
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // closing is best effort: the server finds a vanished client by its heartbeat
        }
    }
}
