package dev.melody.stream.spi;

import java.util.Optional;

/**
 * Makes a {@link Backplane} from configuration alone, so that dropping a backplane's jar beside the library and
 * setting one key clusters an application without code.
 *
 * <p><b>Role.</b> Found with {@link java.util.ServiceLoader} in the application's class loader (a backplane jar
 * lists its provider in {@code META-INF/services/dev.melody.stream.spi.BackplaneProvider}). When the application
 * provides no {@code Backplane} bean of its own, the hub asks every provider in turn; the first that returns one is
 * used. A provider whose configuration is absent returns empty (and says so once in the log); one whose
 * configuration is present but wrong throws, which fails the deployment.
 *
 * <p><b>Thread-safety.</b> {@link #create} is called once per application start, on the deploying thread.
 *
 * <p><b>Lifecycle.</b> Instantiated by the service loader for the one call; the backplane it returns belongs to the
 * hub, which starts and closes it.
 */
public interface BackplaneProvider {

    /**
     * Makes the backplane this provider's configuration asks for.
     *
     * @param context the application's options, settings and threads
     * @return the backplane, or empty when this provider is not configured
     * @throws IllegalArgumentException when a setting holds an unacceptable value; the message names the key and the
     *         value (without credentials)
     */
    Optional<Backplane> create(BackplaneContext context);
}
