package com.rcistream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder that only delays: every chunk read from one side is written to the other {@link #oneWayMillis}
 * later, in order, so a client sees twice that much more round trip and no less throughput, as with a Kafka cluster
 * in another zone. The broker behind it must advertise the proxy's port, or clients would bypass it. The delay can
 * change while connections are open (0 forwards at once).
 */
public final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private volatile long oneWayMillis;
    private final ExecutorService readers = Executors.newCachedThreadPool(daemon("latency-proxy-read"));
    private volatile boolean open = true;

    public LatencyProxy(int listenPort, int targetPort, long oneWayMillis) {
        this.targetPort = targetPort;
        this.oneWayMillis = oneWayMillis;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", listenPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readers.submit(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The delay added to every chunk in each direction from now on. */
    public void oneWayMillis(long millis) {
        this.oneWayMillis = millis;
    }

    public long oneWayMillis() {
        return oneWayMillis;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket target = new Socket("127.0.0.1", targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                if (open) {
                    continue;
                }
                return;
            }
        }
    }

    /** Reads from one socket and writes each chunk to the other after the delay, on a writer of its own (in order). */
    private void pump(Socket from, Socket to) {
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(daemon("latency-proxy-write"));
        readers.submit(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    byte[] chunk = Arrays.copyOf(buffer, n);
                    writer.schedule(
                            () -> {
                                try {
                                    out.write(chunk);
                                    out.flush();
                                } catch (IOException e) {
                                    closeQuietly(from, to);
                                }
                            },
                            oneWayMillis,
                            TimeUnit.MILLISECONDS);
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                writer.schedule(() -> closeQuietly(from, to), oneWayMillis, TimeUnit.MILLISECONDS);
                writer.shutdown();
            }
        });
    }

    private static void closeQuietly(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        readers.shutdownNow();
    }
}
