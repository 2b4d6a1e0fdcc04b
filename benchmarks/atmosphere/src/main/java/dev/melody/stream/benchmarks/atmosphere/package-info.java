/**
 * Atmosphere 4 beside the library in the benchmark WAR: {@link dev.melody.stream.benchmarks.atmosphere.TopicHandler}
 * suspends each client of {@code /atmo/{topic}} (WebSocket, or SSE with {@code X-Atmosphere-Transport=sse}) on
 * the topic's Atmosphere {@code Broadcaster}, and {@link dev.melody.stream.benchmarks.atmosphere.BenchAtmosphereServlet}
 * registers the targets {@code atmo} and {@code atmo-sse} with the benchmark WAR's publisher and status probe.
 * Threads: the server's request and WebSocket threads open and close clients; Atmosphere's own broadcaster threads
 * write the messages. Never for production.
 */
package dev.melody.stream.benchmarks.atmosphere;
