/**
 * The fixtures deployed in the suite's WARs: probe servlets, options producers, observers; container threads.
 */
package dev.melody.stream.tck.app;
