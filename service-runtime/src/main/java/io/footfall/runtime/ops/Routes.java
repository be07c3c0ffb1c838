package io.footfall.runtime.ops;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The ops port's handlers by path prefix, longest prefix first; routes can be added while the server runs (a service
 * adds its API when it starts). A request no route takes is answered 404 by the server.
 */
final class Routes extends Handler.Abstract {

    private final Map<String, Handler> byPrefix = new ConcurrentSkipListMap<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    /** Serves {@code prefix} and every path that starts with it with {@code handler}, replacing an earlier one. */
    void add(String prefix, Handler handler) {
        handler.setServer(getServer());
        Handler replaced = byPrefix.put(prefix, handler);
        if (replaced != null) {
            removeBean(replaced);
        }
        addBean(handler, true); // stopped with the server
        if (isStarted() && !handler.isStarted()) {
            try {
                handler.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the handler of " + prefix + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        if (path == null) {
            return false; // e.g. OPTIONS *
        }
        for (Map.Entry<String, Handler> route : byPrefix.entrySet()) {
            if (path.startsWith(route.getKey())) {
                return route.getValue().handle(request, response, callback);
            }
        }
        return false;
    }
}
