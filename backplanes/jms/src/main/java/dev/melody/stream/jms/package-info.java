/**
 * The Jakarta Messaging backplane: {@link dev.melody.stream.jms.JmsBackplaneProvider} finds the server's connection
 * factory (or the application's) and makes a {@link dev.melody.stream.spi.cluster.RelayBackplane} whose
 * {@link dev.melody.stream.jms.JmsConnector} publishes Go Melody's envelope to a JMS topic and receives every other
 * node's from a non-durable subscription.
 *
 * <p><b>Threads.</b> None of its own and no {@code MessageListener}: the relay's two threads, from the container's
 * managed thread factory where there is one, use one {@code JMSContext} each — the listener receives synchronously,
 * the publisher sends — outside any JTA transaction. JNDI and CDI lookups happen once, on the deploying thread.
 */
package dev.melody.stream.jms;
