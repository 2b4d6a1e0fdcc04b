package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real JDK WebSocket client of a deployment's {@code /ws/{topic}} endpoint, on 127.0.0.1 like
 * {@link ProbeClient}. A non-reading client requests nothing, so it reads nothing (not even pings) and the server's
 * writes back up, until {@link #resume()}.
 */
final class WebSocketClient implements WebSocket.Listener {

    /** The bound of every wait; it only limits a failing test. */
    static final Duration WAIT = Duration.ofSeconds(30);

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final boolean reading;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private WebSocketClient(boolean reading) {
        this.reading = reading;
    }

    static URI uri(URL deploymentUrl, String pathAndQuery) {
        String path = deploymentUrl.getPath().replaceAll("/$", "");
        return URI.create("ws://127.0.0.1:" + deploymentUrl.getPort() + path + pathAndQuery);
    }

    static WebSocketClient connect(URI uri, boolean reading) throws Exception {
        WebSocketClient client = new WebSocketClient(reading);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, client)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    /**
     * Tries a handshake that should be refused and says how: {@code "HTTP 403"} when the server answered with a
     * status, {@code "close 1008 <reason>"} when it upgraded and closed, {@code "open"} when it stayed open.
     */
    static String refusal(URI uri, Map<String, String> headers) throws Exception {
        WebSocketClient client = new WebSocketClient(true);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return "HTTP " + refused.getResponse().statusCode();
            }
            throw e;
        }
        return client.closed.completeOnTimeout("open", WAIT.toMillis(), TimeUnit.MILLISECONDS).get();
    }

    String next() throws InterruptedException {
        String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + WAIT);
        return message;
    }

    String awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts reading on a client that was connected not reading: from now on it takes every message. */
    void resume() {
        socket.request(1);
    }

    void abort() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete("close " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }
}
