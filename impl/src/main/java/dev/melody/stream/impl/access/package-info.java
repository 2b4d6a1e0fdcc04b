/**
 * The one access check both transports share: origin policy, topic resolution and authorization of a handshake,
 * over a transport-neutral view of the request.
 *
 * <p><b>Threads.</b> Runs on the container request thread of each handshake; holds no mutable state.
 */
package dev.melody.stream.impl.access;
