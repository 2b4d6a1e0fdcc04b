package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import java.net.URL;
import java.time.Duration;
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
                Map.of("melody.stream.subscriberBuffer", "7", "melody.stream.historySize", "3",
                        "melody.stream.historyBytes", "65536", "melody.stream.historyTtl", "2m",
                        "melody.stream.maxRetainedBytes", "8388608"));
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void configuredKeysSetTheHubOptions() {
        Map<String, String> hub = new ProbeClient(deploymentUrl).get("hub");

        StreamOptions expected = StreamOptions.builder().subscriberBuffer(7).historySize(3).historyBytes(65536)
                .historyTtl(Duration.ofMinutes(2)).maxRetainedBytes(8L << 20).build();
        assertEquals(ReportedOptions.of(expected), ReportedOptions.in(hub));
    }

    @Test
    void subscriberThatFallsBehindTheConfiguredLogGetsAGapMarker() {
        Map<String, String> outcome = new ProbeClient(deploymentUrl)
                .post("flood", Map.of("topic", "flooded", "count", "10"));

        assertEquals(StreamMarkers.GAP, outcome.get("first.event"), () -> "probe answer: " + outcome);
        assertEquals("4", outcome.get("taken"), () -> "the marker, then the 3 retained: " + outcome);
        assertEquals("7", outcome.get("dropped"), () -> "probe answer: " + outcome);
    }
}
