package dev.melody.stream.tck.arquillian;

import java.util.Objects;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Turns a deployment that the server did not bring up into a {@link DeploymentException}, for adapters that
 * return normally from a failed deployment.
 *
 * <p>After each deployment, the WAR's context root must appear among the servlets the adapter reports. The Payara
 * Micro adapter starts Payara Micro with the WAR and returns once the instance is up, whether or not the WAR
 * deployed; a failed WAR shows only as an empty {@code "Deployed"} list in the log and an absent context. With this
 * check, that case fails the deployment as on the other servers, so a {@code Deployer.deploy} of a broken WAR
 * throws and a valid WAR that the server refused fails its test class with the reason instead of a refused
 * connection.
 *
 * <p>Enabled per server module by listing it in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}
 * of that module's test resources.
 */
public class DeploymentServedCheck implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Verifier.class);
    }

    /** The observer; public for Arquillian's reflective access. */
    public static class Verifier {

        @Inject
        private Instance<ProtocolMetaData> protocolMetaData;

        /**
         * Checks that the deployed WAR's context root is served.
         *
         * @param event the deployment that just returned
         * @throws DeploymentException if the server reports no servlet under the WAR's context root
         */
        public void verify(@Observes AfterDeploy event) throws DeploymentException {
            DeploymentDescription deployment = event.getDeployment();
            if (!deployment.isArchiveDeployment() || !deployment.getArchive().getName().endsWith(".war")) {
                return;
            }
            String archive = deployment.getArchive().getName();
            String contextRoot = archive.substring(0, archive.length() - ".war".length());
            ProtocolMetaData metaData = protocolMetaData.get();
            boolean served = metaData != null && metaData.getContexts(HTTPContext.class).stream()
                    .flatMap(context -> context.getServlets().stream())
                    .map(Servlet::getContextRoot)
                    .filter(Objects::nonNull)
                    .anyMatch(root -> contextRoot.equals(root.replaceAll("^/+|/+$", "")));
            if (!served) {
                throw new DeploymentException("The server did not deploy " + archive + ": no servlet is reported"
                        + " under /" + contextRoot + " (" + (metaData == null ? "the adapter returned no metadata"
                        : "reported: " + metaData.getContexts(HTTPContext.class)) + "); see the server log");
            }
        }
    }
}
