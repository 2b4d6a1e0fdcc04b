package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.tck.app.ProducedStreamOptions;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Options from the application's {@code @Produces StreamOptions} bean are the ones the hub runs with, even where
 * the application's MicroProfile Config also sets {@code melody.stream.*} keys.
 */
@ExtendWith(ArquillianExtension.class)
class ProducedOptionsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // config keys that disagree with the producer: the producer wins
        return TckDeployments.withMicroProfileConfig(
                TckDeployments.war("produced-options", ProducedStreamOptions.class),
                Map.of("melody.stream.subscriberBuffer", "7", "melody.stream.historySize", "9"));
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void producedOptionsWinOverDefaults() {
        Map<String, String> hub = new ProbeClient(deploymentUrl).get("hub");

        StreamOptions expected = StreamOptions.builder()
                .subscriberBuffer(ProducedStreamOptions.SUBSCRIBER_BUFFER)
                .historySize(ProducedStreamOptions.HISTORY_SIZE)
                .build();
        assertEquals(ReportedOptions.of(expected), ReportedOptions.in(hub));
    }

    @Test
    void subscriberThatFallsBehindTheProducedLogGetsAGapMarkerThenTheRetainedEvents() {
        Map<String, String> outcome = new ProbeClient(deploymentUrl)
                .post("flood", Map.of("topic", "flooded", "count", "8"));

        // log of 5, default policy GAP_MARKER: events 1..3 left the log before the subscriber read them
        assertEquals("8", outcome.get("accepted"), () -> "probe answer: " + outcome);
        assertEquals(StreamMarkers.GAP, outcome.get("first.event"), () -> "probe answer: " + outcome);
        assertEquals("{\"missed\":3}", outcome.get("first.data"), () -> "probe answer: " + outcome);
        assertEquals("6", outcome.get("taken"), () -> "the marker, then events 4..8: " + outcome);
        assertEquals("3", outcome.get("dropped"), () -> "probe answer: " + outcome);
        assertEquals("1", outcome.get("gaps"), () -> "probe answer: " + outcome);
        assertEquals("false", outcome.get("closed"), () -> "probe answer: " + outcome);
    }
}
