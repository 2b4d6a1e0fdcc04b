/**
 * Reading {@code StreamOptions} from an application producer or MicroProfile Config keys {@code melody.stream.*},
 * with errors that name the key, the value and the rule.
 *
 * <p><b>Threads.</b> Runs once, on the deployment thread that creates the hub.
 */
package dev.melody.stream.impl.config;
