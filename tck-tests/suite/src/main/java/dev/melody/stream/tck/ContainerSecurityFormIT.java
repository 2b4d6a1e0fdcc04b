package dev.melody.stream.tck;

import static dev.melody.stream.tck.SecurityFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Transport;
import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.SseStreamOptions;
import dev.melody.stream.tck.app.security.OwnTopicAuthorizer;
import dev.melody.stream.tck.app.security.WhoAmIServlet;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser's case on a real server: FORM login, after which the cookie the login left (the session cookie, on
 * Open Liberty its single sign-on cookie) is all that authenticates a stream, since a page cannot set headers on
 * {@code WebSocket} or {@code EventSource}. The browser sends that cookie to this server whichever page makes it
 * connect, so a page of another site could open the user's streams (cross-site WebSocket hijacking); the
 * same-origin rule refuses it by its {@code Origin}. Both transports; the authorizer is {@link OwnTopicAuthorizer}.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerSecurityFormIT {

    private static final List<Transport> BOTH = List.of(Transport.WEBSOCKET, Transport.SSE);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SecurityFixtures.formProtectedWar("security-form", OwnTopicAuthorizer.class, WhoAmIServlet.class,
                SseProbeServlet.class, SseStreamOptions.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient plain = SecureStreamClient.plain();

    @Test
    void theLoginCookieOpensTheUsersOwnStreamsFromTheirOwnPage() throws Exception {
        String cookie = logIn(ALICE);
        Map<String, String> page = Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port());
        List<SecureStreamClient> clients = new ArrayList<>();
        for (Transport transport : BOTH) {
            SecureStreamClient client = open(transport, "user-alice", page);
            assertTrue(client.isOpen(), () -> transport + " answered " + client.status() + ": " + client.body());
            clients.add(client);
            try (SecureStreamClient other = open(transport, "user-bob", page)) {
                assertEquals(403, other.status(), () -> transport + " on user-bob: " + other.body());
            }
        }
        awaitSubscribers("user-alice", 2);
        broadcast("user-alice", "after-login");
        for (SecureStreamClient client : clients) {
            assertEquals("after-login", client.next());
            client.close();
        }
        awaitSubscribers("user-alice", 0);
        awaitSubscribers("user-bob", 0);
    }

    @Test
    void theLoginCookieSentByAPageOfAnotherSiteIsRefused() throws Exception {
        String cookie = logIn(ALICE);
        for (Transport transport : BOTH) {
            try (SecureStreamClient client = open(transport, "user-alice",
                    Map.of("Cookie", cookie, "Origin", "http://evil.example"))) {
                assertEquals(403, client.status(), () -> transport + " answered " + client.status() + ": "
                        + client.body());
            }
        }
        awaitSubscribers("user-alice", 0);
    }

    /**
     * Without the cookie the container answers as FORM login does, with its login page or a redirect to it
     * (which one differs by server; the test output records it), never with a stream. Payara answers a WebSocket
     * handshake to a FORM-protected path not at all: its form authenticator tries to keep the upgrade request's
     * body for after the login and waits for the client to end it, so the client gives up at its bound.
     */
    @Test
    void withoutTheCookieTheContainerAsksForTheLoginInsteadOfStreaming() throws Exception {
        for (Transport transport : BOTH) {
            SecureStreamClient client;
            try {
                client = open(transport, "user-alice", Map.of());
            } catch (ExecutionException e) {
                assertTrue(transport == Transport.WEBSOCKET && e.getCause() instanceof HttpTimeoutException,
                        () -> transport + " failed: " + e);
                System.out.println("FORM login, no cookie: " + transport + " got no answer: " + e.getCause());
                continue;
            }
            try (client) {
                assertFalse(client.isOpen(), () -> transport + " opened without a login");
                System.out.println("FORM login, no cookie: " + transport + " answered " + client.status() + " "
                        + client.contentType());
            }
        }
        awaitSubscribers("user-alice", 0);
    }

    /**
     * Logs in as a browser does: asks for a protected page (the container keeps the request and answers with its
     * login page or a redirect to it), posts the form, and checks that the page now answers as the user.
     *
     * @return the {@code Cookie} header the browser would send to the deployment from now on
     */
    private String logIn(SecurityFixtures.User user) throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies).build();
        URI whoAmI = uri("http", "/secure/whoami");
        HttpResponse<String> loginPage = send(browser, HttpRequest.newBuilder(whoAmI).GET());
        assertFalse(loginPage.body().contains("user="), () -> "answered before the login: " + loginPage.body());
        String form = "j_username=" + encode(user.name()) + "&j_password=" + encode(user.password());
        HttpResponse<String> posted = send(browser, HttpRequest.newBuilder(uri("http", "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertTrue(posted.statusCode() < 400, () -> "login answered " + posted.statusCode() + ": " + posted.body());
        HttpResponse<String> after = send(browser, HttpRequest.newBuilder(whoAmI).GET());
        assertEquals(200, after.statusCode(), after::body);
        assertTrue(after.body().contains("user=" + user.name() + "\n"), after::body);
        return cookies.getCookieStore().get(uri("http", "/")).stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.sendAsync(request.timeout(SecureStreamClient.WAIT).build(), HttpResponse.BodyHandlers.ofString())
                .get(SecureStreamClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private int port() {
        return deploymentUrl.getPort();
    }

    private SecureStreamClient open(Transport transport, String topic, Map<String, String> headers)
            throws Exception {
        return transport == Transport.WEBSOCKET
                ? SecureStreamClient.webSocket(plain, uri("ws", "/ws/" + topic), headers)
                : SecureStreamClient.sse(plain, uri("http", "/melody/events/" + topic), headers);
    }

    private URI uri(String scheme, String pathAndQuery) {
        String path = deploymentUrl.getPath().replaceAll("/$", "");
        return URI.create(scheme + "://127.0.0.1:" + port() + path + pathAndQuery);
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
