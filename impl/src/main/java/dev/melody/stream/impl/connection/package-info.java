/**
 * The connection layer both transports share: one {@link dev.melody.stream.impl.connection.Connection} (state, the
 * one way out {@code end}, what applications see as {@code StreamConnection}) with one
 * {@link dev.melody.stream.impl.connection.ConnectionWriter}, over one per-transport
 * {@link dev.melody.stream.impl.connection.TransportChannel}; the registry of open connections with its one timer
 * sweep; the drains that batch writers' wake-ups; the writers pool and timer; held handshake subscriptions; the
 * lifecycle events; and the throttled log for lines clients can provoke.
 *
 * <p><b>Threads.</b> Hub signals come from broadcasting threads and only queue a drain ({@code Drains}); drains run on
 * the writers pool or on a container I/O thread, one at a time per writer, never concurrently with itself;
 * completions come from container threads; the sweep runs on the one timer thread and hands every end to the pool.
 */
package dev.melody.stream.impl.connection;
