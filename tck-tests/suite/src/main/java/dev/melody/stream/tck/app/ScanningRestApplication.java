package dev.melody.stream.tck.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** An application's own JAX-RS application with default scanning, under {@code /api}. */
@ApplicationPath("/api")
public class ScanningRestApplication extends Application {
}
