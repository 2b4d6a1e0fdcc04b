/**
 * The fixtures every in-process test of the library shares, whichever transport it drives: the one wait bound
 * ({@link dev.melody.stream.impl.testing.Timeouts}), the deployment a test starts
 * ({@link dev.melody.stream.impl.testing.TestServer}: Weld SE with the library's beans, plus a Tyrus WebSocket server
 * and/or Jersey's SSE runtime on Grizzly), and the application beans it deploys: an authorizer, an observer that
 * records lifecycle and inbound events (and can hold an opening at an
 * {@link dev.melody.stream.impl.testing.OpeningGate}), and an application-owned SSE resource.
 *
 * <p><b>Threads.</b> Test threads start and stop servers; the servers' own threads (Grizzly workers, the library's
 * writer pool and timer) call the application beans here, which are therefore thread-safe.
 */
package dev.melody.stream.impl.testing;
