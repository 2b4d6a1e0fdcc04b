/**
 * JMH benchmarks of the hub alone: the cost of a broadcast per subscriber delivery. JMH owns the threads.
 */
package dev.melody.stream.benchmarks.hub;
