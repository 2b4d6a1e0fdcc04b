/**
 * The portable suite: Arquillian tests that deploy user-style WARs to real servers and drive them as clients over
 * HTTP, WebSocket and SSE, on JUnit's threads and the clients' own reader threads.
 */
package dev.melody.stream.tck;
