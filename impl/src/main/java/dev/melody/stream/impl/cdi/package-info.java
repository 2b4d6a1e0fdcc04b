/**
 * CDI wiring: the hub producer and disposer, the observer that hands {@code Broadcast} events to the hub, and the
 * extension that validates the options when the application deploys.
 *
 * <p><b>Threads.</b> Container threads: deployment for the producer and validation, the firing thread for the
 * {@code Broadcast} observer (synchronous or asynchronous, as the application fired it).
 */
package dev.melody.stream.impl.cdi;
