package dev.melody.stream.tck.arquillian;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;

/**
 * Stops any server process that the test JVM started and that is still alive once Arquillian has stopped the
 * containers, so no run leaves a server behind.
 *
 * <p>Runs after Arquillian's own container shutdown ({@code precedence} below it). Only processes descending from
 * the test JVM are touched, and only those that have not exited within a grace period of their own. The Payara Micro adapter is the known source: it keeps one process per container, so
 * a test class that has two deployments deployed at the same time loses track of the first one's process when it
 * starts the second. Each process stopped here is reported on standard error.
 *
 * <p>Enabled per server module by listing it in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}
 * of that module's test resources.
 */
public class ServerProcessReaper implements LoadableExtension {

    private static final Duration GRACE = Duration.ofSeconds(30);

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Reaper.class);
    }

    /** The observer; public for Arquillian's reflective access. */
    public static class Reaper {

        /**
         * Stops the test JVM's remaining child processes, gracefully first.
         *
         * @param event the end of the suite
         */
        public void reap(@Observes(precedence = -1000) AfterSuite event) {
            List<ProcessHandle> children = ProcessHandle.current().descendants()
                    .filter(ProcessHandle::isAlive)
                    .collect(Collectors.toList());
            // a server that was told to stop may still be on its way out (Payara Micro's adapter does not wait)
            List<ProcessHandle> leftovers = children.stream()
                    .filter(process -> !exited(process, GRACE))
                    .collect(Collectors.toList());
            for (ProcessHandle process : leftovers) {
                System.err.println("Server process still running after the suite, stopping it: pid " + process.pid()
                        + " " + process.info().commandLine().orElse("(command line unknown)"));
                process.destroy();
            }
            for (ProcessHandle process : leftovers) {
                if (!exited(process, GRACE)) {
                    process.destroyForcibly();
                }
            }
        }

        private static boolean exited(ProcessHandle process, Duration wait) {
            try {
                process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            } catch (ExecutionException | TimeoutException e) {
                return !process.isAlive();
            }
        }
    }
}
