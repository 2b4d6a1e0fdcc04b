/**
 * The AMQP broker launcher of the cluster benchmark (P10 over the AMQP backplane): a command-line tool that runs one
 * broker on a free loopback port for the length of a benchmark run.
 */
package dev.melody.stream.benchmarks.broker;
