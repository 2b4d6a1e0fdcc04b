package dev.melody.example.dashboard;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The application's own REST API lives under {@code /api}; Melody Stream adds {@code /melody/events} itself. */
@ApplicationPath("/api")
public class DashboardApplication extends Application {
}
