/**
 * The backplane conformance suite: {@link dev.melody.stream.backplane.conformance.BackplaneConformanceSuite}, the
 * behaviour every backplane must show with real hubs on two or three nodes (fan-out without duplicates or echo,
 * per-publisher order, Go's envelope, malformed input, broker outages, shutdown, resume across nodes), and the
 * {@link dev.melody.stream.backplane.conformance.BackplaneFixture} a backplane module implements to run it against its
 * own broker. Test infrastructure only; not part of the library.
 *
 * <p><b>Threads.</b> Tests run on JUnit's thread; some start a few broadcasting threads of their own and join them
 * with a bound. The nodes' backplanes run their own threads; the fixture's {@code malformed} and {@code connected}
 * are polled while they run.
 */
package dev.melody.stream.backplane.conformance;
