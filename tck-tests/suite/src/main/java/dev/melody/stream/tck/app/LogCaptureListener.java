package dev.melody.stream.tck.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Attaches a {@link CapturingLogHandler} to the root {@code java.util.logging} logger while the application runs,
 * so the hostile-input tests can read what the server logged for each case.
 *
 * <p><b>Thread-safety.</b> The container calls it once at start and once at end; the handler is published through
 * a volatile field for the probe threads.
 *
 * <p><b>Lifecycle.</b> Created by the container for the deployment; removes its handler when the context ends.
 */
@WebListener
public class LogCaptureListener implements ServletContextListener {

    private static volatile CapturingLogHandler handler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        CapturingLogHandler created = new CapturingLogHandler();
        Logger.getLogger("").addHandler(created);
        handler = created;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        CapturingLogHandler installed = handler;
        if (installed != null) {
            Logger.getLogger("").removeHandler(installed);
        }
    }

    /**
     * Returns the deployment's handler.
     *
     * @return the handler, or {@code null} before the context started
     */
    static CapturingLogHandler handler() {
        return handler;
    }
}
