/**
 * Only in the WAR for Payara Micro, which has no broker of its own: a CDI producer of an Artemis client
 * {@code ConnectionFactory} for an external broker, the way an application supplies the connection factory that the
 * Jakarta Messaging backplane uses when no JNDI name is configured. Its beans are created on whichever thread first
 * asks the CDI container for them.
 */
package dev.melody.stream.tck.cluster.app.artemis;
