package io.streamrank.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks on the TCP ports the local stack and the benchmarks start servers on. */
public final class Ports {

    private Ports() {
    }

    /**
     * Fails when something already listens on the port: its readiness endpoint would answer for a service that never
     * started (an earlier run left behind, the compose stack), which then dies with "Port already in use" unnoticed.
     */
    public static void requireFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use: stop what listens there (an earlier "
                    + "run, the compose stack) or choose another port");
        }
    }
}
