/**
 * The Redis backplane: {@link dev.melody.stream.redis.RedisBackplaneProvider} makes a
 * {@link dev.melody.stream.redis.RedisBackplane} from {@code melody.stream.redis.*} settings; it shares one ordered
 * history per topic through a Lua sequencer and per-topic Redis streams, and speaks Go Melody's envelope on the
 * channel.
 *
 * <p><b>Threads.</b> Two per backplane, from the container's managed thread factory where there is one: the publisher
 * ({@code melody-redis-publisher-<app>}: sequencing batches, hole fills, recovery) and the listener
 * ({@code melody-redis-listener-<app>}: the blocking subscription and reconnects). Local delivery happens on these
 * two threads, through the hub's non-blocking {@code deliverLocal}, under each topic's order lock. Broadcasting
 * threads only queue; subscribing threads read the history on their own connection, for a bounded time.
 */
package dev.melody.stream.redis;
