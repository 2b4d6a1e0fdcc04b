package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One client connection to a stream, WebSocket or SSE, with the request headers a test chooses (credentials,
 * {@code Origin}) and over the {@link HttpClient} it chooses (plain, or TLS trusting the server's self-signed
 * certificate). Either open, with the data of every message it receives in a queue, or refused, with the status
 * and body the server answered. Every wait is bounded.
 *
 * <p>The reader (the JDK's WebSocket listener, or a thread per SSE stream) fills the queue; the test thread takes
 * from it. Close it when done.
 */
final class SecureStreamClient implements AutoCloseable {

    /** The bound of every wait; it only limits a failing test. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The status of an open WebSocket: the server switched protocols. */
    static final int SWITCHED = 101;

    /** The status of an open SSE stream. */
    static final int OK = 200;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
    private final StringBuilder raw = new StringBuilder();
    private int status;
    private String body = "";
    private WebSocket webSocket;
    private HttpResponse<InputStream> sse;

    private SecureStreamClient() {
    }

    /** Returns a client of plain HTTP. */
    static HttpClient plain() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Returns a client of HTTPS that trusts any certificate and checks no host name: for the test servers'
     * self-signed certificates only.
     */
    static HttpClient trustingAnyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnything()}, null);
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).sslContext(context).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }

    /**
     * Tries a WebSocket handshake.
     *
     * @param http the client
     * @param uri the {@code ws:} or {@code wss:} URI
     * @param headers extra request headers
     * @return the open or refused connection
     * @throws Exception if the handshake neither completes nor is refused within the bound
     */
    static SecureStreamClient webSocket(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        SecureStreamClient client = new SecureStreamClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(builder::header);
        try {
            client.webSocket = builder.buildAsync(uri, client.new Listener())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            client.status = SWITCHED;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException refused)) {
                throw e;
            }
            client.status = refused.getResponse().statusCode();
            client.body = String.valueOf(refused.getResponse().body());
        }
        return client;
    }

    /**
     * Opens an SSE stream.
     *
     * @param http the client
     * @param uri the {@code http:} or {@code https:} URI
     * @param headers extra request headers
     * @return the open or refused stream
     * @throws Exception if no response arrives within the bound
     */
    static SecureStreamClient sse(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        SecureStreamClient client = new SecureStreamClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        client.sse = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        client.status = client.sse.statusCode();
        if (client.isOpen()) {
            Thread reader = new Thread(client::readSse, "tck-secure-sse-reader");
            reader.setDaemon(true);
            reader.start();
        } else {
            client.body = CompletableFuture.supplyAsync(client::readBody).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return client;
    }

    /** The status the server answered: {@link #SWITCHED} or {@link #OK} when open, else the refusal's. */
    int status() {
        return status;
    }

    /** The {@code Content-Type} of an SSE response, or empty (always for WebSocket). */
    String contentType() {
        return sse == null ? "" : sse.headers().firstValue("Content-Type").orElse("");
    }

    /** Tells whether this is an open stream: a WebSocket that switched protocols, or an SSE event stream. */
    boolean isOpen() {
        return status == SWITCHED || status == OK && contentType().startsWith("text/event-stream");
    }

    /** The body of a refusal, or empty. */
    String body() {
        return body;
    }

    /** Everything an SSE stream received so far, for failure messages. */
    String raw() {
        synchronized (raw) {
            return raw.toString();
        }
    }

    /** Takes the data of the next message, waiting within the bound. */
    String next() throws InterruptedException {
        String message = data.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, () -> "no message within " + WAIT + "; received: " + raw());
        return message;
    }

    @Override
    public void close() throws Exception {
        if (webSocket != null) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (sse != null) {
            sse.body().close();
        }
    }

    private String readBody() {
        try (InputStream in = sse.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readSse() {
        SseEventParser parser = new SseEventParser(event -> data.add(event.data()), comment -> { });
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(sse.body(), StandardCharsets.UTF_8)) {
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

    /** Puts every whole text message's data into the queue; reads one message at a time. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence text, boolean last) {
            partial.append(text);
            if (last) {
                data.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    /** Trusts every certificate and checks no host name; only ever given to the test's own TLS client. */
    private static final class TrustAnything extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
