package dev.melody.stream.impl.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the threads that open connections to the topic {@value #TOPIC} inside the {@code StreamOpened} observer of
 * {@link TestEvents} until the test releases them, so that a test can act (stop the application, say) while such a
 * connection is halfway through its opening.
 *
 * <p><b>Thread-safety.</b> Opening threads wait in {@link #holdIfGated}; the test thread calls {@link #release} from
 * any point, before or after the application stopped. A hold never outlasts {@link Timeouts#WAIT}.
 *
 * <p><b>Lifecycle.</b> One per {@link TestServer}, made with it and handed to Weld as a {@code @Dependent} bean (so
 * the observer gets this very object, not a proxy that dies with the container); released at the latest when the
 * server closes.
 */
public final class OpeningGate {

    /** The topic whose openings are held. */
    public static final String TOPIC = "hold-open";

    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * Waits until {@link #release} (bounded by {@link Timeouts#WAIT}) if the topic is {@value #TOPIC}.
     *
     * @param topic the topic of the connection being opened
     */
    void holdIfGated(String topic) {
        if (!TOPIC.equals(topic)) {
            return;
        }
        try {
            released.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets every held opening, and every later one, go on. */
    public void release() {
        released.countDown();
    }
}
