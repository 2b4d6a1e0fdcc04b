/**
 * What an application or an extension jar plugs into the hub: topic resolution and authorization for incoming
 * connections, a backplane that carries broadcasts between nodes, and the scheme that names events.
 *
 * <p><b>Threads.</b> Implementations are called on container request threads (resolvers, authorizers) and on
 * broadcasting threads (backplanes, id schemes); each interface states what it must not do there (block, mostly).
 */
package dev.melody.stream.spi;
