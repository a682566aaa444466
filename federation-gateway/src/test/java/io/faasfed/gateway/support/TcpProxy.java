package io.faasfed.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy that a test can cut (the port refuses connections and every open connection is closed, as when
 * the server behind it dies), freeze (connections stay open but nothing passes, as when the server hangs) and restore
 * (the same port accepts and passes again), so that a real server can "die" and "come back" with its data intact.
 * Plain threads, outside any Reactor scheduler.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket server;
    private volatile boolean frozen;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** A proxy on a free loopback port in front of {@code host:port}, accepting connections. */
    public static TcpProxy to(String host, int port) {
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port));
        proxy.restore();
        return proxy;
    }

    /** The port the proxy listens on. */
    public int port() {
        return port;
    }

    /** Stops accepting and closes every open connection: clients see the server die. */
    public synchronized void cut() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Keeps every connection open but stops passing bytes (new connections too), as when the server behind hangs:
     * clients wait for answers that do not come.
     */
    public synchronized void freeze() {
        frozen = true;
    }

    /**
     * Accepts and passes bytes again on the same port. After {@link #freeze()} the connections that were held are
     * closed first (their streams are mid-command), so clients reconnect.
     */
    public synchronized void restore() {
        if (frozen) {
            frozen = false;
            sockets.forEach(TcpProxy::closeQuietly);
            sockets.clear();
            notifyAll();
        }
        if (server != null) {
            return;
        }
        // A client reconnecting to the closed port can be handed that very port as its own source port (TCP's
        // "simultaneous open" connects it to itself) and hold it until it gives up on the odd peer: try again for a
        // while before calling the port lost.
        IOException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                ServerSocket listening = new ServerSocket();
                listening.setReuseAddress(true);
                try {
                    listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                } catch (IOException e) {
                    listening.close();
                    throw e;
                }
                server = listening;
                threads.execute(() -> accept(listening));
                return;
            } catch (IOException e) {
                last = e;
                try {
                    wait(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("cannot listen on loopback port " + port + " again within 10 s", last);
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                sockets.add(client);
                sockets.add(upstream);
                threads.execute(() -> pipe(client, upstream));
                threads.execute(() -> pipe(upstream, client));
            } catch (IOException e) {
                if (listening.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!waitWhileFrozen(from)) {
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** Holds the bytes just read while frozen; false when the connection was closed meanwhile. */
    private synchronized boolean waitWhileFrozen(Socket from) {
        while (frozen && !from.isClosed()) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !from.isClosed();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        threads.shutdownNow();
    }
}
