package dev.melody.stream.tck;

import static dev.melody.stream.tck.SecurityFixtures.ALICE;
import static dev.melody.stream.tck.SecurityFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.app.SseProbeServlet;
import dev.melody.stream.tck.app.security.PrincipalStreamOptions;
import dev.melody.stream.tck.app.security.PrincipalTopicResolver;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code TopicResolver.principal()} on a real server, on both transports: in a WAR protected like
 * {@link ContainerSecurityIT}'s, with the streams at {@value PrincipalStreamOptions#WEB_SOCKET_PATH} and
 * {@value PrincipalStreamOptions#SSE_PATH} (no topic in the path), each authenticated user receives the topic named
 * after them and nobody else's; an anonymous client gets the container's 401 (the resolver would find no topic).
 */
@ExtendWith(ArquillianExtension.class)
class ContainerSecurityPrincipalIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SecurityFixtures.protectedWar("security-principal", PrincipalTopicResolver.class,
                PrincipalStreamOptions.class, SseProbeServlet.class);
    }

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient plain = SecureStreamClient.plain();

    @Test
    void eachUserReceivesTheTopicOfTheirNameOnBothTransports() throws Exception {
        List<SecureStreamClient> alice = List.of(webSocket(ALICE.basic()), sse(ALICE.basic()));
        List<SecureStreamClient> bob = List.of(webSocket(BOB.basic()), sse(BOB.basic()));
        for (SecureStreamClient client : List.of(alice.get(0), alice.get(1), bob.get(0), bob.get(1))) {
            assertTrue(client.status() == SecureStreamClient.SWITCHED || client.status() == SecureStreamClient.OK,
                    () -> "refused with " + client.status() + ": " + client.body());
        }
        awaitSubscribers(ALICE.name(), 2);
        awaitSubscribers(BOB.name(), 2);
        broadcast(BOB.name(), "for-bob");
        broadcast(ALICE.name(), "for-alice");
        for (SecureStreamClient client : alice) {
            assertEquals("for-alice", client.next());
            client.close();
        }
        for (SecureStreamClient client : bob) {
            assertEquals("for-bob", client.next());
            client.close();
        }
    }

    @Test
    void anonymousClientsGet401() throws Exception {
        assertEquals(401, webSocket(Map.of()).status());
        assertEquals(401, sse(Map.of()).status());
    }

    private SecureStreamClient webSocket(Map<String, String> headers) throws Exception {
        return SecureStreamClient.webSocket(plain, uri("ws", PrincipalStreamOptions.WEB_SOCKET_PATH), headers);
    }

    private SecureStreamClient sse(Map<String, String> headers) throws Exception {
        return SecureStreamClient.sse(plain, uri("http", PrincipalStreamOptions.SSE_PATH), headers);
    }

    private URI uri(String scheme, String pathAndQuery) {
        String path = deploymentUrl.getPath().replaceAll("/$", "");
        return URI.create(scheme + "://127.0.0.1:" + deploymentUrl.getPort() + path + pathAndQuery);
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
