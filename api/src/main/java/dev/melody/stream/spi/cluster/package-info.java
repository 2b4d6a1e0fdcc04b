/**
 * Building blocks for backplanes: Go Melody's envelope, the one message format on every broker; a relaying backplane
 * that a broker module completes with a {@link dev.melody.stream.spi.cluster.RelayConnector} (how to connect, send
 * and receive); and a log limited to one line per cause and interval for bad input and failures.
 *
 * <p><b>Threads.</b> A {@link dev.melody.stream.spi.cluster.RelayBackplane} runs two threads made by the factory it is
 * given (the container's managed thread factory where there is one): a publisher that drains a bounded queue, and a
 * listener that connects, receives and reconnects with backoff. A broadcaster only enqueues.
 */
package dev.melody.stream.spi.cluster;
