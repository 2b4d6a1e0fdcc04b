package dev.melody.stream.benchmarks.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The benchmark WAR's own REST API, under {@code /bench}: the publisher, the status and heap probes, and the bare
 * {@code SseBroadcaster} baseline. The library adds {@code /melody/events/{topic}} and {@code /ws/{topic}} itself.
 *
 * <p>Stateless; the server creates it once per deployment.
 */
@ApplicationPath("/bench")
public class BenchApplication extends Application {
}
