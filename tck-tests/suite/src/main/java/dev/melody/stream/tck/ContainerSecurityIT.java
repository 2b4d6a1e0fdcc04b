package dev.melody.stream.tck;

import static dev.melody.stream.tck.SecurityFixtures.ALICE;
import static dev.melody.stream.tck.SecurityFixtures.BOB;
import static dev.melody.stream.tck.SecurityFixtures.OPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.melody.stream.Transport;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.SseStreamOptions;
import dev.melody.stream.tck.app.security.OwnTopicAuthorizer;
import dev.melody.stream.tck.app.security.WhoAmIServlet;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container security on a real server: the stream paths are protected by the container (HTTP BASIC against the
 * server's own identity store, see {@link SecurityFixtures}), and the application's {@link OwnTopicAuthorizer}
 * decides by principal and role. Every case runs on both transports; refusals come as an HTTP status before any
 * event (for WebSocket, before the upgrade). With a TLS port ({@value SecurityFixtures#HTTPS_PORT}) the same
 * streams run over {@code https:} and {@code wss:}, and the same-origin rule compares the origin's scheme with the
 * request's.
 *
 * <p>The WAR has the SSE tests' short heartbeat, so a closed SSE client is gone from the server soon and every
 * case can wait for its topics to be empty again.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerSecurityIT {

    private static final List<Transport> BOTH = List.of(Transport.WEBSOCKET, Transport.SSE);
    private static final String EVIL = "http://evil.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SecurityFixtures.protectedWar("security", OwnTopicAuthorizer.class, WhoAmIServlet.class,
                SseProbeServlet.class, SseStreamOptions.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient plain = SecureStreamClient.plain();

    @Test
    void theServersIdentityStoreKnowsTheUsersAndTheirRoles() throws Exception {
        assertEquals(Map.of("user", "alice", "role.user", "true", "role.operator", "false"), whoAmI(ALICE));
        assertEquals(Map.of("user", "bob", "role.user", "true", "role.operator", "false"), whoAmI(BOB));
        assertEquals(Map.of("user", "ops", "role.user", "false", "role.operator", "true"), whoAmI(OPS));
        assertEquals(401, get("/secure/whoami", Map.of()).statusCode());
        assertEquals(401, get("/secure/whoami", ALICE.basic("wrong")).statusCode());
    }

    @Test
    void aUserReceivesTheirOwnTopicOnBothTransports() throws Exception {
        List<SecureStreamClient> clients = openBoth(plain, "http", port(), "user-alice", ALICE.basic());
        awaitSubscribers("user-alice", 2);
        broadcast("user-alice", "for-alice");
        for (SecureStreamClient client : clients) {
            assertEquals("for-alice", client.next());
        }
        closeAll(clients, "user-alice");
    }

    @Test
    void unauthenticatedClientsGet401BeforeAnyEvent() throws Exception {
        for (Transport transport : BOTH) {
            assertRefused(401, open(transport, plain, "http", port(), "user-alice", Map.of()), transport);
            assertRefused(401, open(transport, plain, "http", port(), "user-alice", ALICE.basic("wrong")), transport);
        }
        awaitSubscribers("user-alice", 0);
    }

    @Test
    void anotherUsersTopicIs403BeforeAnyEvent() throws Exception {
        for (Transport transport : BOTH) {
            assertRefused(403, open(transport, plain, "http", port(), "user-bob", ALICE.basic()), transport);
            assertRefused(403, open(transport, plain, "http", port(), "user-alice", BOB.basic()), transport);
            assertRefused(403, open(transport, plain, "http", port(), "user-alice", OPS.basic()), transport);
            assertRefused(403, open(transport, plain, "http", port(), "news", ALICE.basic()), transport);
        }
        awaitSubscribers("user-bob", 0);
        awaitSubscribers("user-alice", 0);
        awaitSubscribers("news", 0);
    }

    @Test
    void operatorTopicsFollowTheRole() throws Exception {
        for (Transport transport : BOTH) {
            assertRefused(403, open(transport, plain, "http", port(), "ops-board", ALICE.basic()), transport);
            assertRefused(403, open(transport, plain, "http", port(), "ops-board", BOB.basic()), transport);
        }
        awaitSubscribers("ops-board", 0);
        List<SecureStreamClient> clients = openBoth(plain, "http", port(), "ops-board", OPS.basic());
        awaitSubscribers("ops-board", 2);
        broadcast("ops-board", "for-operators");
        for (SecureStreamClient client : clients) {
            assertEquals("for-operators", client.next());
        }
        closeAll(clients, "ops-board");
    }

    /**
     * Cross-site WebSocket (and EventSource) hijacking: a page of another site makes the browser connect with the
     * credentials it holds for this one. The browser sends its {@code Origin}, and the same-origin rule refuses
     * it before the authorizer, however valid the credentials; the page's own origin passes.
     */
    @Test
    void validCredentialsFromAForeignOriginAreRefused() throws Exception {
        for (Transport transport : BOTH) {
            assertRefused(403, open(transport, plain, "http", port(), "user-alice",
                    with(ALICE.basic(), "Origin", EVIL)), transport);
        }
        awaitSubscribers("user-alice", 0);
        List<SecureStreamClient> clients = openBoth(plain, "http", port(), "user-alice",
                with(ALICE.basic(), "Origin", "http://127.0.0.1:" + port()));
        awaitSubscribers("user-alice", 2);
        broadcast("user-alice", "same-origin");
        for (SecureStreamClient client : clients) {
            assertEquals("same-origin", client.next());
        }
        closeAll(clients, "user-alice");
    }

    /** An {@code https:} page of the same host and port is another origin than the plain-HTTP stream. */
    @Test
    void anOriginOfAnotherSchemeIsRefusedOnPlainHttp() throws Exception {
        for (Transport transport : BOTH) {
            assertRefused(403, open(transport, plain, "http", port(), "user-alice",
                    with(ALICE.basic(), "Origin", "https://127.0.0.1:" + port())), transport);
        }
        awaitSubscribers("user-alice", 0);
    }

    @Test
    void tlsStreamsAuthenticateAndDeliver() throws Exception {
        int https = httpsPort();
        HttpClient tls = SecureStreamClient.trustingAnyCertificate();
        for (Transport transport : BOTH) {
            assertRefused(401, open(transport, tls, "https", https, "user-alice", Map.of()), transport);
            assertRefused(403, open(transport, tls, "https", https, "user-bob", ALICE.basic()), transport);
        }
        awaitSubscribers("user-alice", 0);
        List<SecureStreamClient> clients = openBoth(tls, "https", https, "user-alice",
                with(ALICE.basic(), "Origin", "https://127.0.0.1:" + https));
        awaitSubscribers("user-alice", 2);
        broadcast("user-alice", "over-tls");
        for (SecureStreamClient client : clients) {
            assertEquals("over-tls", client.next());
        }
        closeAll(clients, "user-alice");
    }

    /** The plain-HTTP page of the same host and port is another origin than the TLS stream. */
    @Test
    void tlsStreamsRefuseAPlainHttpOrigin() throws Exception {
        int https = httpsPort();
        HttpClient tls = SecureStreamClient.trustingAnyCertificate();
        for (Transport transport : BOTH) {
            assertRefused(403, open(transport, tls, "https", https, "user-alice",
                    with(ALICE.basic(), "Origin", "http://127.0.0.1:" + https)), transport);
            assertRefused(403, open(transport, tls, "https", https, "user-alice",
                    with(ALICE.basic(), "Origin", EVIL)), transport);
        }
        awaitSubscribers("user-alice", 0);
    }

    private int port() {
        return deploymentUrl.getPort();
    }

    private static int httpsPort() {
        Integer port = SecurityFixtures.httpsPort();
        assumeTrue(port != null, "this server module serves no TLS (" + SecurityFixtures.HTTPS_PORT + " unset)");
        return port;
    }

    private SecureStreamClient open(Transport transport, HttpClient http, String scheme, int port, String topic,
                                    Map<String, String> headers) throws Exception {
        if (transport == Transport.WEBSOCKET) {
            String ws = "https".equals(scheme) ? "wss" : "ws";
            return SecureStreamClient.webSocket(http, uri(ws, port, "/ws/" + topic), headers);
        }
        return SecureStreamClient.sse(http, uri(scheme, port, "/melody/events/" + topic), headers);
    }

    private List<SecureStreamClient> openBoth(HttpClient http, String scheme, int port, String topic,
                                              Map<String, String> headers) throws Exception {
        List<SecureStreamClient> clients = new ArrayList<>();
        for (Transport transport : BOTH) {
            SecureStreamClient client = open(transport, http, scheme, port, topic, headers);
            int expected = transport == Transport.WEBSOCKET ? SecureStreamClient.SWITCHED : SecureStreamClient.OK;
            assertEquals(expected, client.status(), () -> transport + " " + topic + " refused: " + client.body());
            clients.add(client);
        }
        return clients;
    }

    private void closeAll(List<SecureStreamClient> clients, String topic) throws Exception {
        for (SecureStreamClient client : clients) {
            client.close();
        }
        awaitSubscribers(topic, 0);
    }

    /** Closes the client in any case, so a connection that should have been refused cannot outlive its case. */
    private static void assertRefused(int status, SecureStreamClient client, Transport transport) throws Exception {
        try (client) {
            assertEquals(status, client.status(),
                    () -> transport + " answered " + client.status() + ": " + client.body());
        }
    }

    private URI uri(String scheme, int port, String pathAndQuery) {
        String path = deploymentUrl.getPath().replaceAll("/$", "");
        return URI.create(scheme + "://127.0.0.1:" + port + path + pathAndQuery);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("http", port(), path)).GET()
                .timeout(SecureStreamClient.WAIT);
        headers.forEach(request::header);
        return plain.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .get(SecureStreamClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Map<String, String> whoAmI(SecurityFixtures.User user) throws Exception {
        HttpResponse<String> response = get("/secure/whoami", user.basic());
        assertEquals(200, response.statusCode(), () -> user.name() + ": " + response.body());
        Map<String, String> entries = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                entries.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return entries;
    }

    private ProbeClient probe() {
        return new ProbeClient(deploymentUrl);
    }

    private void broadcast(String topic, String data) {
        probe().post("../sseprobe/broadcast", Map.of("topic", topic, "data", data));
    }

    private void awaitSubscribers(String topic, int count) {
        assertEquals(Integer.toString(count),
                probe().get("../sseprobe/subscribers?topic=" + topic + "&await=" + count).get("subscribers"),
                () -> "subscribers of " + topic);
    }
}
