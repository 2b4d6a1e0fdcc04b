/**
 * Configuration at deployment: reading {@code StreamOptions} from an application producer or MicroProfile Config keys
 * {@code melody.stream.*}, with errors that name the key, the value and the rule; and finding the backplane a jar on
 * the application's class path provides ({@code BackplaneDiscovery}), with its settings and threads.
 *
 * <p><b>Threads.</b> Runs once per application start, on the deployment thread that creates the hub (JNDI and the
 * thread context class loader are the application's there); nothing here is called afterwards.
 */
package dev.melody.stream.impl.config;
