package dev.melody.stream.tck.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1, picked at run time (other builds on the machine run servers at the same time).
 * A port is free when asked; a server that finds it taken a moment later fails to start, which the test reports.
 * Stateless; not instantiable.
 */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * Picks a port that is free on the loopback interface now.
     *
     * @return the port
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
