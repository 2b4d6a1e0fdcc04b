package dev.melody.stream.amqp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Checks, without a client library, that a port speaks AMQP 0-9-1: it sends the protocol header and expects the
 * broker's first frame, a method frame ({@code Connection.Start}). Also picks free loopback ports.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class AmqpProbe {

    private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final int METHOD_FRAME = 1;

    private AmqpProbe() {
    }

    /**
     * Tells whether an AMQP 0-9-1 broker answers on the port now.
     *
     * @param port the loopback port
     * @return {@code true} when the broker sent {@code Connection.Start}
     */
    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(HEADER);
            out.flush();
            InputStream in = socket.getInputStream();
            return in.read() == METHOD_FRAME;
        } catch (IOException e) {
            return false;   // not listening yet, or not AMQP 0-9-1 yet
        }
    }

    /**
     * Waits, polling every 50 ms, until the port answers or the bound passes.
     *
     * @param port the loopback port
     * @param bound the longest wait
     * @param alive tells whether the process that should answer still runs; the wait ends early when it does not
     * @return {@code true} when it answered in time
     */
    static boolean awaitAnswer(int port, Duration bound, java.util.function.BooleanSupplier alive) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers(port)) {
                return true;
            }
            if (!alive.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());   // bounded polling: no event to wait on
        }
        return false;
    }

    /**
     * Waits, polling every 50 ms, until nothing accepts connections on the port any more, or the bound passes.
     *
     * @param port the loopback port
     * @param bound the longest wait
     * @return {@code true} when the port closed in time
     */
    static boolean awaitClosed(int port, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!accepts(port)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());   // bounded polling
        }
        return false;
    }

    /**
     * Tells whether something accepts TCP connections on the loopback port now.
     *
     * @param port the port
     * @return {@code true} when a connection was accepted
     */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns a loopback port free at the time of the call (another process may take it before it is bound).
     *
     * @return the port
     * @throws IOException when none can be had
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
