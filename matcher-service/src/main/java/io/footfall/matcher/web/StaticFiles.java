package io.footfall.matcher.web;

import io.footfall.runtime.ops.Replies;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web page's files, served from the classpath under {@code web/}: {@code GET /} is {@code index.html}. Only
 * plain file names of known types are served (letters, digits, '.', '-', '_' in '/'-separated segments, no segment
 * starting with '.'), so no path can leave the folder or list it. Every response carries a strict
 * Content-Security-Policy: the page loads nothing from anywhere else.
 */
public final class StaticFiles extends Handler.Abstract {

    static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8",
            "txt", "text/plain; charset=utf-8");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private final String root;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param root classpath folder, e.g. {@code web} */
    public StaticFiles(String root) {
        this.root = root.replaceAll("^/+|/+$", "");
    }

    /** A file's content and type, or empty when the path is not one this handler serves. */
    Optional<File> find(String path) {
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.startsWith("/") ? path.substring(1) : path;
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        byte[] bytes = cache.get(name);
        if (bytes == null) {
            // only files that exist are cached, so probing for names does not grow memory
            bytes = load(name).orElse(null);
            if (bytes == null) {
                return Optional.empty();
            }
            cache.put(name, bytes);
        }
        return Optional.of(new File(type, bytes));
    }

    record File(String type, byte[] bytes) {}

    private Optional<byte[]> load(String name) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", CSP);
        headers.put("Referrer-Policy", "no-referrer");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
            Replies.text(response, callback, 405, Replies.TEXT_TYPE, "Method not allowed: the page's files are read with GET.");
            return true;
        }
        // the path as sent, so that no dot segment or escape is resolved before the check
        Optional<File> file = find(request.getHttpURI().getPath());
        if (file.isEmpty()) {
            Replies.text(response, callback, 404, Replies.TEXT_TYPE, "Not found. The matcher's page is at /.");
            return true;
        }
        // small files, served from memory; no-cache makes a browser revalidate after an upgrade
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        Replies.bytes(response, callback, 200, file.get().type(), file.get().bytes());
        return true;
    }
}
