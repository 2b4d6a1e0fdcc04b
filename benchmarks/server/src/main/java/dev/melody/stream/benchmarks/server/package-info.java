/**
 * The benchmark WAR: the library beside raw baselines (a looping endpoint, a bare {@code SseBroadcaster}) and the
 * control resources the load client drives, on container request threads.
 */
package dev.melody.stream.benchmarks.server;
