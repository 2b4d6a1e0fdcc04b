/**
 * The heterogeneous cluster test: starts one Redis and a WildFly, a Payara Micro and an Open Liberty server at once,
 * each with the same WAR, and drives them as HTTP, SSE and WebSocket clients. Runs on JUnit's thread, the clients'
 * reader threads and a small pool that waits for the servers in parallel.
 */
package dev.melody.stream.tck.cluster;
