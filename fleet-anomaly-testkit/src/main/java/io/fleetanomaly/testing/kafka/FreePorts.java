package io.fleetanomaly.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, chosen by the operating system. */
public final class FreePorts {
    private FreePorts() {}

    /** One port on 127.0.0.1 that was free a moment ago (e.g. an address where no broker listens). */
    public static int pick() {
        return loopback(1)[0];
    }

    /**
     * Returns {@code count} distinct ports that were free a moment ago. The sockets are held open
     * until all ports are chosen, so the same port is not returned twice.
     */
    public static int[] loopback(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // The port is released when the process exits anyway.
        }
    }
}
