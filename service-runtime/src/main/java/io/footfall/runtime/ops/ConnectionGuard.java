package io.footfall.runtime.ops;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Limits on each connection of the ops port that Jetty has no setting for: at most {@code perClient} open connections
 * from one address (a connection over it is closed at once), and a connection that has not completed its first request's
 * headers within {@code headerTimeout} is closed (a client sending its headers a byte at a time would otherwise hold it
 * for as long as it likes, since every byte resets the idle timeout).
 */
final class ConnectionGuard implements Connection.Listener {

    private final int perClient;
    private final Duration headerTimeout;
    private final Scheduler scheduler;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** The client of each open connection (a closed socket no longer says its remote address). */
    private final Map<Connection, String> clients = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    ConnectionGuard(int perClient, Duration headerTimeout, Scheduler scheduler) {
        this.perClient = perClient;
        this.headerTimeout = headerTimeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        String client = client(connection.getEndPoint().getRemoteSocketAddress());
        clients.put(connection, client);
        int count = open.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
        if (count > perClient) {
            refused.increment();
            connection.getEndPoint().close();
            return;
        }
        scheduler.schedule(() -> {
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                timedOut.increment();
                connection.getEndPoint().close();
            }
        }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        String client = clients.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Connections closed because their client had {@code perClient} open already. */
    long refused() {
        return refused.sum();
    }

    /** Connections closed because their first request's headers took longer than the header timeout. */
    long timedOut() {
        return timedOut.sum();
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
