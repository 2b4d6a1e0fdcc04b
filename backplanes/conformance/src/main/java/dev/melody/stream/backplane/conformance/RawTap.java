package dev.melody.stream.backplane.conformance;

import java.time.Duration;

/**
 * A raw subscriber of a fixture's channel: it sees every message body as the broker carries it, as a Go node would.
 *
 * <p><b>Thread-safety.</b> Read by one thread (the test's) at a time.
 *
 * <p><b>Lifecycle.</b> Made subscribed by {@link BackplaneFixture#tap()}; closed by the suite, or by the fixture at
 * its own close.
 */
public interface RawTap extends AutoCloseable {

    /**
     * Returns the next message body the channel carried, waiting at most {@code wait} for it.
     *
     * @param wait the longest time to wait
     * @return the body, or {@code null} if none arrived within {@code wait}
     * @throws Exception if the subscription broke
     */
    byte[] next(Duration wait) throws Exception;
}
