/**
 * For tests only: real AMQP 0-9-1 brokers on free loopback ports — Apache Qpid Broker-J embedded in the test's JVM
 * ({@link dev.melody.stream.amqp.testing.QpidBroker}, always available from Maven Central) and a private RabbitMQ
 * node ({@link dev.melody.stream.amqp.testing.RabbitMqNode}, when {@code rabbitmq-server} is installed) — with the
 * faults a backplane test needs: stop, and restart empty on the same port.
 *
 * <p><b>Threads.</b> The caller's thread starts, stops and waits (every wait bounded); Qpid runs its own threads in
 * the JVM while it runs; RabbitMQ and its port mapper run as child processes.
 */
package dev.melody.stream.amqp.testing;
