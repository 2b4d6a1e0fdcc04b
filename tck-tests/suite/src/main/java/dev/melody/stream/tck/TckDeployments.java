package dev.melody.stream.tck;

import dev.melody.stream.tck.app.HubProbeServlet;
import java.io.File;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the test WARs the way a user packages an application: the application's classes (here the fixtures of
 * {@code dev.melody.stream.tck.app}) plus the {@code melody-stream-api} and {@code melody-stream} jars of this build
 * in {@code WEB-INF/lib}, and nothing else.
 *
 * <p>The jar paths come from the system properties {@value #API_JAR} and {@value #IMPL_JAR}, which the server
 * modules set to the jars they copied out of the reactor.
 */
public final class TckDeployments {

    /** The system property naming the {@code melody-stream-api} jar. */
    public static final String API_JAR = "tck.api.jar";

    /** The system property naming the {@code melody-stream} jar. */
    public static final String IMPL_JAR = "tck.impl.jar";

    private TckDeployments() {
    }

    /**
     * Returns a WAR holding the hub probe, any further application classes, and the two library jars.
     *
     * @param name the archive name without {@code .war}; also the context root
     * @param applicationClasses further classes of the test application
     * @return the archive
     */
    public static WebArchive war(String name, Class<?>... applicationClasses) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClass(HubProbeServlet.class)
                .addClasses(applicationClasses)
                .addAsLibraries(library(API_JAR), library(IMPL_JAR));
    }

    /**
     * Adds {@code WEB-INF/classes/META-INF/microprofile-config.properties} with the given entries.
     *
     * @param war the archive
     * @param entries the configuration keys and values
     * @return the same archive
     */
    public static WebArchive withMicroProfileConfig(WebArchive war, Map<String, String> entries) {
        String properties = entries.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        return war.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
    }

    private static File library(String property) {
        String path = System.getProperty(property);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the suite through"
                    + " a server module of tck-tests, which copies the library jars and sets it");
        }
        File jar = new File(path);
        if (!jar.isFile()) {
            throw new IllegalStateException(property + " names no file: " + jar.getAbsolutePath());
        }
        return jar;
    }
}
