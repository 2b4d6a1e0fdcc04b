package dev.melody.stream.jms;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.jms.ConnectionFactory;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the application's own {@code jakarta.jms.ConnectionFactory} CDI bean (with the {@code @Default} qualifier),
 * for servers without a broker of their own: the application produces, for example, the Artemis client's factory.
 *
 * <p>The bean manager is the module's ({@code java:comp/BeanManager}, which sees the beans of
 * {@code WEB-INF/classes} on every server), else {@link CDI#current()}'s. No CDI at all means no bean.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions, called on the deploying thread while the hub is
 * made (during or after {@code AfterDeploymentValidation}, when bean references may be obtained).
 */
final class ApplicationBeans {

    private static final System.Logger LOG = System.getLogger(ApplicationBeans.class.getName());
    private static final String BEAN_MANAGER = "java:comp/BeanManager";

    private ApplicationBeans() {
    }

    /**
     * Returns the application's connection factory bean.
     *
     * @param naming the JNDI lookup, for the module's bean manager
     * @return the bean's reference, named by the bean's class (the producer's), or empty when there is no such bean
     *         (or no CDI)
     * @throws IllegalArgumentException when more than one bean qualifies
     */
    static Optional<JmsResources.Named> connectionFactory(JmsResources.Naming naming) {
        BeanManager beans = beanManager(naming);
        if (beans == null) {
            return Optional.empty();
        }
        Set<Bean<?>> candidates = beans.getBeans(ConnectionFactory.class);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Bean<?> bean;
        try {
            bean = beans.resolve(candidates);
        } catch (AmbiguousResolutionException e) {
            bean = null;
        }
        if (bean == null) {
            throw new IllegalArgumentException("The application has " + candidates.size() + " CDI beans of type "
                    + "jakarta.jms.ConnectionFactory; the JMS backplane needs one, or "
                    + JmsSettings.CONNECTION_FACTORY + " set to the JNDI name of the factory to use");
        }
        CreationalContext<?> context = beans.createCreationalContext(bean);
        ConnectionFactory reference = (ConnectionFactory) beans.getReference(bean, ConnectionFactory.class, context);
        return Optional.of(new JmsResources.Named(reference, "CDI bean of " + bean.getBeanClass().getName()));
    }

    private static BeanManager beanManager(JmsResources.Naming naming) {
        try {
            if (naming.lookup(BEAN_MANAGER) instanceof BeanManager module) {
                return module;
            }
        } catch (javax.naming.NamingException | RuntimeException e) {
            LOG.log(Level.DEBUG, "No " + BEAN_MANAGER + ": " + e);
        }
        try {
            return CDI.current().getBeanManager();
        } catch (IllegalStateException | LinkageError e) {
            LOG.log(Level.DEBUG, "No CDI container: " + e);   // plain Java SE: no beans
            return null;
        }
    }
}
