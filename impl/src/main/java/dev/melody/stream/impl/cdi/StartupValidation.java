package dev.melody.stream.impl.cdi;

import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;

/**
 * Starts the hub while the application deploys, so invalid options fail the deployment instead of the first use.
 *
 * <p><b>Role.</b> A portable extension that remembers the hub's producer bean when the container discovers it and,
 * after bean validation, creates the hub (which resolves the options and the backplane), reporting any failure as
 * a deployment problem naming the offending key or bean. It asks for the remembered bean itself rather than
 * resolving the type, because on some servers (Payara) the bean manager handed to an extension in
 * {@code WEB-INF/lib} does not resolve beans of the application's other archives.
 *
 * <p><b>Thread-safety and lifecycle.</b> Instantiated once per deployment by the container, which calls its
 * observers one after the other on the deploying thread.
 */
public class StartupValidation implements Extension {

    private Bean<?> hubBean;

    void rememberHub(@Observes ProcessProducerMethod<ServerSentEventHub, HubProducer> discovered) {
        hubBean = discovered.getBean();
    }

    void startHub(@Observes AfterDeploymentValidation validation, BeanManager beans) {
        if (hubBean == null) {
            return;   // the hub is not a bean of this deployment (the container vetoed it): nothing to start
        }
        try {
            CreationalContext<?> context = beans.createCreationalContext(hubBean);
            ((ServerSentEventHub) beans.getReference(hubBean, ServerSentEventHub.class, context)).options();
        } catch (RuntimeException e) {
            validation.addDeploymentProblem(e);
        }
    }
}
