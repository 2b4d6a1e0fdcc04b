/**
 * The real-server cluster tests: the heterogeneous cluster (one Redis and a WildFly, a Payara Micro and an Open
 * Liberty server at once, each with the same WAR), and the Jakarta Messaging pairs (two servers of one kind sharing a
 * broker: WildFly's embedded Artemis, Open Liberty's messaging engine, or an Artemis embedded in the test JVM for
 * Payara Micro). The tests start the servers themselves and drive them as HTTP, SSE and WebSocket clients. Runs on
 * JUnit's thread, the clients' reader threads, a small pool that waits for the servers in parallel, and the embedded
 * broker's own threads.
 */
package dev.melody.stream.tck.cluster;
