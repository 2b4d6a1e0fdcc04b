package dev.melody.stream.impl.cdi;

import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Starts the hub while the application deploys, so invalid options fail the deployment instead of the first use.
 *
 * <p><b>Role.</b> A portable extension that, after bean validation, creates the hub (which resolves the options
 * and the backplane) and reports any failure as a deployment problem naming the offending key or bean.
 *
 * <p><b>Thread-safety and lifecycle.</b> Instantiated once per deployment by the container, which calls its observer
 * once on the deploying thread.
 */
public class StartupValidation implements Extension {

    void startHub(@Observes AfterDeploymentValidation validation, BeanManager beans) {
        try {
            beans.createInstance().select(ServerSentEventHub.class).get().options();
        } catch (RuntimeException e) {
            validation.addDeploymentProblem(e);
        }
    }
}
