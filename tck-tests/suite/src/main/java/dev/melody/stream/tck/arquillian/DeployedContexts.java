package dev.melody.stream.tck.arquillian;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.AfterUnDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Records where each deployed WAR is served, so that a test that deploys with {@code Deployer} can reach it: Arquillian
 * resolves an {@code @ArquillianResource URL} before the test method runs, when a {@code managed = false} deployment
 * is not deployed yet, and {@code Deployer.deploy} returns nothing. A redeployed WAR may be served on another port
 * (Payara Micro starts a new process for it), so a test asks again after every deployment.
 *
 * <p>After each deployment of a WAR, its base URL ({@code http://host:port/<context root>/}, from the adapter's
 * {@link HTTPContext}) is kept under its context root, the archive name without {@code .war}; after its undeployment
 * it is forgotten. Enabled per server module by listing it in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension} of that module's test resources.
 */
public class DeployedContexts implements LoadableExtension {

    private static final Map<String, URL> URLS = new ConcurrentHashMap<>();

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Recorder.class);
    }

    /**
     * Returns the base URL of a deployed WAR.
     *
     * @param contextRoot the archive name without {@code .war}
     * @return its base URL, as the adapter reports it (the host may be any of the machine's names)
     * @throws IllegalStateException if no such WAR is deployed now
     */
    public static URL url(String contextRoot) {
        URL url = URLS.get(contextRoot);
        if (url == null) {
            throw new IllegalStateException(contextRoot + ".war is not deployed, or " + DeployedContexts.class.getName()
                    + " is not listed in META-INF/services/" + LoadableExtension.class.getName()
                    + " of the server module");
        }
        return url;
    }

    /** The observer; public for Arquillian's reflective access. */
    public static class Recorder {

        @Inject
        private Instance<ProtocolMetaData> protocolMetaData;

        /**
         * Keeps the base URL of a WAR that was just deployed.
         *
         * @param event the deployment that just returned
         * @throws URISyntaxException if the adapter reports a host no URL can have
         * @throws MalformedURLException if the adapter reports a host no URL can have
         */
        public void deployed(@Observes AfterDeploy event) throws URISyntaxException, MalformedURLException {
            Optional<String> contextRoot = contextRoot(event.getDeployment());
            ProtocolMetaData metaData = protocolMetaData.get();
            if (contextRoot.isEmpty() || metaData == null || metaData.getContexts(HTTPContext.class).isEmpty()) {
                return;
            }
            HTTPContext context = metaData.getContexts(HTTPContext.class).stream()
                    .filter(candidate -> serves(candidate, contextRoot.get()))
                    .findFirst()
                    .orElse(metaData.getContexts(HTTPContext.class).iterator().next());
            URLS.put(contextRoot.get(), new URI("http", null, context.getHost(), context.getPort(),
                    "/" + contextRoot.get() + "/", null, null).toURL());
        }

        /**
         * Forgets a WAR that was just undeployed.
         *
         * @param event the undeployment that just returned
         */
        public void undeployed(@Observes AfterUnDeploy event) {
            contextRoot(event.getDeployment()).ifPresent(URLS::remove);
        }

        private static Optional<String> contextRoot(DeploymentDescription deployment) {
            if (!deployment.isArchiveDeployment() || !deployment.getArchive().getName().endsWith(".war")) {
                return Optional.empty();
            }
            String archive = deployment.getArchive().getName();
            return Optional.of(archive.substring(0, archive.length() - ".war".length()));
        }

        private static boolean serves(HTTPContext context, String contextRoot) {
            return context.getServlets().stream()
                    .map(Servlet::getContextRoot)
                    .filter(Objects::nonNull)
                    .anyMatch(root -> contextRoot.equals(root.replaceAll("^/+|/+$", "")));
        }
    }
}
