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

/** {@code melody.stream.<option>} keys of the application's MicroProfile Config are honoured. */
@ExtendWith(ArquillianExtension.class)
class MicroProfileConfigIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war("microprofile-config"),
                Map.of("melody.stream.subscriberBuffer", "7", "melody.stream.historySize", "3"));
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void configuredKeysSetTheHubOptions() {
        Map<String, String> hub = new ProbeClient(deploymentUrl).get("hub");

        StreamOptions expected = StreamOptions.builder().subscriberBuffer(7).historySize(3).build();
        assertEquals(ReportedOptions.of(expected), ReportedOptions.in(hub));
    }

    @Test
    void subscriberThatDoesNotPollLosesWhatExceedsTheConfiguredBuffer() {
        Map<String, String> outcome = new ProbeClient(deploymentUrl)
                .post("flood", Map.of("topic", "flooded", "count", "10"));

        assertEquals("7", outcome.get("pending"), () -> "probe answer: " + outcome);
        assertEquals("3", outcome.get("dropped"), () -> "probe answer: " + outcome);
    }
}
