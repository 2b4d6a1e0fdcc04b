package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.testing.TestEvents;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real JDK WebSocket client that records what it receives. A non-reading client never requests a message, so
 * it reads nothing (not even pings), which makes the server's writes back up into the socket buffers.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {

    /** How the server closed the connection, as the client saw it. */
    record Close(int code, String reason) {
    }

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final boolean reading;
    private final StringBuilder partialText = new StringBuilder();
    private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
    private volatile WebSocket socket;

    private TestClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects a client that reads everything it is sent; the server closes it when it closes. */
    static TestClient connect(TestServer server, String pathAndQuery) throws Exception {
        return connect(server, pathAndQuery, true, Map.of());
    }

    /** Connects a client, reading or not, with extra handshake headers; the server closes it when it closes. */
    static TestClient connect(TestServer server, String pathAndQuery, boolean reading, Map<String, String> headers)
            throws Exception {
        return server.track(connect(server.http(), server.uri(Transport.WEBSOCKET, pathAndQuery), reading, headers));
    }

    static TestClient connect(HttpClient http, URI uri, boolean reading, Map<String, String> headers)
            throws Exception {
        TestClient client = new TestClient(reading);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    WebSocket socket() {
        return socket;
    }

    String next() throws InterruptedException {
        String message = messages.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + Timeouts.WAIT);
        return message;
    }

    Close awaitClose() throws Exception {
        return closed.get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Returns once the server has finished opening this connection. {@code StreamOpened} is fired halfway through
     * the opening (before the writer starts), so a test that acts on the server right after it (such as
     * stopping the application) would race the rest of the opening. The server reads a connection's frames only
     * after its {@code onOpen} has returned, so the reply to an echo request proves the opening complete.
     */
    void awaitFullyOpen() throws Exception {
        send(TestEvents.ECHO + "opened");
        assertEquals("echo opened", next(), "the server's reply to an echo request");
    }

    void closeNormally() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts reading (for a client connected as non-reading): from now on every message is requested. */
    void resume() {
        socket.request(1);
    }

    /** Drops the connection without a close handshake. */
    @Override
    public void close() {
        abort();
    }

    void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            messages.add(partialText.toString());
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last) {
            messages.add("binary:" + partialBinary.toString(StandardCharsets.UTF_8));
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
