package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An invalid {@code melody.stream.*} value fails the deployment instead of running with a wrong hub: the library
 * starts the hub while the application deploys.
 *
 * <p>A control WAR, identical but for the value (the smallest valid one), must deploy, so the failure is known to
 * come from the value and not from anything else in the WAR. Each test deploys and undeploys its own WAR, one at
 * a time (the Payara Micro adapter tracks a single deployment per container).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InvalidConfigurationIT {

    private static final String INVALID = "invalid-subscriber-buffer";
    private static final String BOUNDARY = "boundary-subscriber-buffer";

    @Deployment(name = INVALID, managed = false, testable = false)
    static WebArchive invalidSubscriberBuffer() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war(INVALID),
                Map.of("melody.stream.subscriberBuffer", "0"));
    }

    @Deployment(name = BOUNDARY, managed = false, testable = false)
    static WebArchive smallestValidSubscriberBuffer() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war(BOUNDARY),
                Map.of("melody.stream.subscriberBuffer", "1"));
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void invalidConfiguredOptionFailsDeployment() {
        try {
            Exception failure = assertThrows(Exception.class, () -> deployer.deploy(INVALID),
                    "a WAR with melody.stream.subscriberBuffer=0 deployed");

            assertTrue(causedBy(failure, DeploymentException.class),
                    () -> "the deployment failed, but not as a deployment failure: " + failure);
            // the reason, for the report; how much of it reaches the client differs per server (see README)
            System.out.println("Deployment of " + INVALID + " failed as expected: " + failure);
        } finally {
            deployer.undeploy(INVALID);
        }
    }

    @Test
    void sameWarWithSmallestValidValueDeploys() {
        try {
            assertDoesNotThrow(() -> deployer.deploy(BOUNDARY),
                    "a WAR with melody.stream.subscriberBuffer=1 failed to deploy");
        } finally {
            deployer.undeploy(BOUNDARY);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
