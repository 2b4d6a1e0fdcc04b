package dev.melody.stream.tck;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the container-security cases share: the test users, which every server module puts into its server's own
 * identity store with the same names, passwords and groups, and the protected WARs.
 *
 * <p>The users are {@link #ALICE} and {@link #BOB} in group {@code user}, and {@link #OPS} in group
 * {@code operator}; the roles {@code user} and {@code operator} of the WARs are the groups of the same name. The
 * passwords are test values, in the server modules' test configuration as well.
 */
final class SecurityFixtures {

    /** A test user of the servers' identity stores. */
    record User(String name, String password) {

        /** Returns the {@code Authorization} header of HTTP BASIC for this user. */
        Map<String, String> basic() {
            return basic(password);
        }

        /** Returns the {@code Authorization} header of HTTP BASIC for this user with another password. */
        Map<String, String> basic(String anyPassword) {
            String token = Base64.getEncoder()
                    .encodeToString((name + ":" + anyPassword).getBytes(StandardCharsets.UTF_8));
            return Map.of("Authorization", "Basic " + token);
        }
    }

    /** In group {@code user}. */
    static final User ALICE = new User("alice", "Alice-Secret-1");

    /** In group {@code user}. */
    static final User BOB = new User("bob", "Bob-Secret-2");

    /** In group {@code operator}. */
    static final User OPS = new User("ops", "Ops-Secret-3");

    /** The system property naming the server's HTTPS port, set by server modules that serve TLS. */
    static final String HTTPS_PORT = "tck.https.port";

    private SecurityFixtures() {
    }

    /**
     * Returns a WAR whose stream paths ({@code /ws/*}, {@code /melody/*}) and {@code /secure/*} are protected by the
     * container with HTTP BASIC for roles {@code user} and {@code operator}, with Payara's role mapping
     * ({@code glassfish-web.xml}); WildFly and Open Liberty map the roles to the groups of the same name without a
     * descriptor.
     *
     * @param name the archive name without {@code .war}; also the context root
     * @param applicationClasses further classes of the test application
     * @return the archive
     */
    static WebArchive protectedWar(String name, Class<?>... applicationClasses) {
        return TckDeployments.war(name, applicationClasses)
                .setWebXML("security/web.xml")
                .addAsWebInfResource("security/glassfish-web.xml", "glassfish-web.xml");
    }

    /**
     * Returns a WAR protected like {@link #protectedWar} but with FORM login ({@code /login.html} posting to
     * {@code j_security_check}), so that what authenticates a stream is the cookie the login left.
     *
     * @param name the archive name without {@code .war}; also the context root
     * @param applicationClasses further classes of the test application
     * @return the archive
     */
    static WebArchive formProtectedWar(String name, Class<?>... applicationClasses) {
        return TckDeployments.war(name, applicationClasses)
                .setWebXML("security/form-web.xml")
                .addAsWebResource("security/login.html", "login.html")
                .addAsWebResource("security/login-error.html", "login-error.html")
                .addAsWebInfResource("security/glassfish-web.xml", "glassfish-web.xml");
    }

    /**
     * Returns the server's HTTPS port, when its module serves TLS.
     *
     * @return the port, or {@code null}
     */
    static Integer httpsPort() {
        String port = System.getProperty(HTTPS_PORT);
        return port == null || port.isBlank() ? null : Integer.valueOf(port.trim());
    }
}
