package dev.melody.stream.tck.app;

import dev.melody.stream.InboundMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;

/**
 * The application side of the hostile-input tests: counts the inbound messages of each topic, checks that numbered
 * ones ({@value #NUMBERED}{@code N}) arrive in order, and throws on {@value #BOOM}.
 *
 * <p><b>Thread-safety.</b> Thread-safe: the counters are guarded by this bean's lock.
 *
 * <p><b>Lifecycle.</b> Application scoped; lives as long as the deployment.
 */
@ApplicationScoped
public class HostileInboundObserver {

    /** A text starting with this is numbered: the rest is its index, counted from 0. */
    public static final String NUMBERED = "n-";

    /** A text equal to this makes the observer throw. */
    public static final String BOOM = "boom";

    private final Map<String, Tally> tallies = new HashMap<>();   // guarded by this

    void onInbound(@Observes InboundMessage message) {
        String text = message.isText() ? message.text() : null;
        synchronized (this) {
            Tally tally = tallies.computeIfAbsent(message.connection().topic(), t -> new Tally());
            tally.count++;
            if (text != null && text.startsWith(NUMBERED)) {
                int index = Integer.parseInt(text.substring(NUMBERED.length()));
                if (index != tally.numbered) {
                    tally.outOfOrder++;
                }
                tally.numbered++;
            }
        }
        if (BOOM.equals(text)) {
            throw new IllegalStateException("observer refuses " + BOOM + " on purpose");
        }
    }

    /**
     * Describes what a topic received.
     *
     * @param topic the topic
     * @return its message count, numbered count and out-of-order count
     */
    public synchronized Map<String, String> describe(String topic) {
        Tally tally = tallies.getOrDefault(topic, new Tally());
        return Map.of("count", Integer.toString(tally.count), "numbered", Integer.toString(tally.numbered),
                "outOfOrder", Integer.toString(tally.outOfOrder));
    }

    private static final class Tally {
        int count;
        int numbered;
        int outOfOrder;
    }
}
