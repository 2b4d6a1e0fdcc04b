/**
 * The AMQP 0-9-1 backplane (RabbitMQ), wire-compatible with Go Melody's: {@link
 * dev.melody.stream.amqp.AmqpBackplaneProvider} reads {@code melody.stream.amqp.*} settings and makes a relaying
 * backplane ({@link dev.melody.stream.spi.cluster.RelayBackplane}) over an AMQP connector: a fanout exchange
 * ({@code melody.sse}), one server-named exclusive auto-delete queue per node, Go's envelope as the body.
 *
 * <p><b>Threads.</b> The relay's two ({@code melody-amqp-<application>-publisher}, {@code melody-amqp-<application>-listener}) and, per open
 * connection, the RabbitMQ client's connection reader, its heartbeat thread and one consumer-dispatch thread — all made
 * by the container's managed thread factory where there is one. Broadcasting threads only queue. The dispatch thread
 * hands deliveries to the listener through a bounded queue; the listener delivers them through the hub's
 * non-blocking {@code deliverLocal}.
 */
package dev.melody.stream.amqp;
