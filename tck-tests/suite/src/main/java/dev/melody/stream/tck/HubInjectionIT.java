package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.StreamOptions;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hub is an injectable bean of a plain WAR that only carries the two jars. */
@ExtendWith(ArquillianExtension.class)
class HubInjectionIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("hub-injection");
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void injectedHubIsRunningAndIdle() {
        Map<String, String> hub = new ProbeClient(deploymentUrl).get("hub");

        assertEquals("true", hub.get("injected"), () -> "probe answer: " + hub);
        assertEquals("false", hub.get("shutdown"), () -> "probe answer: " + hub);
        assertEquals("0", hub.get("statistics.subscribers"), () -> "probe answer: " + hub);
        assertEquals("0", hub.get("statistics.broadcasts"), () -> "probe answer: " + hub);
        assertEquals("0", hub.get("statistics.dropped"), () -> "probe answer: " + hub);
    }

    @Test
    void hubRunsWithDefaultOptionsWhenTheApplicationConfiguresNone() {
        Map<String, String> hub = new ProbeClient(deploymentUrl).get("hub");

        assertEquals(ReportedOptions.of(StreamOptions.defaults()), ReportedOptions.in(hub));
    }
}
