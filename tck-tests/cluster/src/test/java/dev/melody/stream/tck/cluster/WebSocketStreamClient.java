package dev.melody.stream.tck.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real JDK WebSocket client of one node's {@code /ws/{topic}} endpoint with {@code webSocketFrames=JSON_ENVELOPE}:
 * each text frame {@code {"id":…,"event":…,"data":…}} is parsed with JSON-P into a {@link ReceivedEvent}; a frame of
 * any other shape is kept as an event of type {@code unparsable-frame}, which no expectation of the test accepts.
 *
 * <p><b>Thread-safety and lifecycle.</b> {@link #connect} returns a client that is subscribed (the library subscribes
 * before the handshake completes); the JDK client's thread delivers frames one at a time. {@link #close()} aborts the
 * connection (idempotent).
 */
final class WebSocketStreamClient extends StreamClient implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder(); // touched only by the JDK's listener calls, serially
    private volatile WebSocket socket;

    private WebSocketStreamClient(String name) {
        super(name);
    }

    /**
     * Connects, bounded by {@link Bounds#WAIT}.
     *
     * @param name where it connects, for messages
     * @param uri the endpoint's {@code ws:} URI
     * @return the connected client
     * @throws Exception when the handshake fails or times out
     */
    static WebSocketStreamClient connect(String name, URI uri) throws Exception {
        WebSocketStreamClient client = new WebSocketStreamClient(name);
        client.socket = HttpClient.newBuilder().connectTimeout(Bounds.WAIT).build().newWebSocketBuilder()
                .buildAsync(uri, client).get(Bounds.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence text, boolean last) {
        partial.append(text);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            received(parse(frame));
        }
        webSocket.request(1);
        return null;
    }

    private ReceivedEvent parse(String frame) {
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            JsonObject envelope = reader.readObject();
            if (!envelope.keySet().equals(Set.of("id", "event", "data"))) {
                throw new IllegalStateException("not an envelope");
            }
            String event = text(envelope, "event");
            String id = text(envelope, "id");
            return new ReceivedEvent(event == null ? ReceivedEvent.DEFAULT_TYPE : event, id == null ? "" : id,
                    text(envelope, "data"));
        } catch (RuntimeException e) {
            // recorded as an event no test expects, so the mismatch shows in the failure message
            return new ReceivedEvent("unparsable-frame", "", frame);
        }
    }

    private static String text(JsonObject envelope, String key) {
        JsonValue value = envelope.get(key);
        return value.getValueType() == JsonValue.ValueType.NULL ? null : envelope.getString(key);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended("close " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("error " + error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
