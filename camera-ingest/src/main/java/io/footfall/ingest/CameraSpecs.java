package io.footfall.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads cameras from a properties file, one group of keys per camera id:
 *
 * <pre>
 * lobby.url = rtsp://user:secret@10.0.0.7:554/stream1
 * lobby.fps = 5
 * lobby.max-width = 1280
 * lobby.jpeg-quality = 85
 * lobby.enabled = true
 * clip.url = /srv/videos/clip.mp4
 * clip.loop = false
 * </pre>
 *
 * Only {@code url} is required; the rest default to the ingest settings ({@code loop} to true: a file plays
 * again at its end; with false it is played once and the camera then reports ENDED).
 */
public final class CameraSpecs {

    private static final Set<String> KEYS = Set.of("url", "fps", "max-width", "jpeg-quality", "enabled", "loop");

    /** Defaults for keys a camera leaves out. */
    public record Defaults(double fps, int maxWidth, int jpegQuality) {}

    private CameraSpecs() {}

    public static List<CameraSpec> read(Path file, Defaults defaults) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read cameras file " + file + ": " + e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> entries.put(k.trim(), p.getProperty(k).trim()));
        try {
            return parse(entries, defaults);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cameras file " + file + ": " + e.getMessage());
        }
    }

    static List<CameraSpec> parse(Map<String, String> entries, Defaults defaults) {
        Map<String, Map<String, String>> byCamera = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            String key = dot < 0 ? "" : e.getKey().substring(dot + 1);
            if (dot <= 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not '<camera>.<key>' with key one of " + new TreeMap<>(Map.of(
                        "url", "", "fps", "", "max-width", "", "jpeg-quality", "", "enabled", "", "loop", "")).keySet());
            }
            byCamera.computeIfAbsent(e.getKey().substring(0, dot), id -> new LinkedHashMap<>()).put(key, e.getValue());
        }
        List<CameraSpec> cameras = new ArrayList<>();
        byCamera.forEach((id, keys) -> cameras.add(spec(id, keys, defaults)));
        return cameras;
    }

    /** A camera from {@code id=url} as given on the command line. */
    public static CameraSpec fromArgument(String argument, Defaults defaults) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("camera '" + Urls.redact(argument) + "' must be written ID=URL, e.g. lobby=rtsp://10.0.0.7/stream1");
        }
        return spec(argument.substring(0, eq), Map.of("url", argument.substring(eq + 1)), defaults);
    }

    private static CameraSpec spec(String id, Map<String, String> keys, Defaults defaults) {
        String url = keys.get("url");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("camera '" + id + "' has no " + id + ".url");
        }
        return new CameraSpec(id, url,
                number(id, "fps", keys, defaults.fps()),
                (int) number(id, "max-width", keys, defaults.maxWidth()),
                (int) number(id, "jpeg-quality", keys, defaults.jpegQuality()),
                bool(id, "enabled", keys, true),
                bool(id, "loop", keys, true));
    }

    private static double number(String id, String key, Map<String, String> keys, double fallback) {
        String raw = keys.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("camera '" + id + "': " + key + " must be a number, got '" + raw + "'");
        }
    }

    private static boolean bool(String id, String key, Map<String, String> keys, boolean fallback) {
        String raw = keys.get(key);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("camera '" + id + "': " + key + " must be true or false, got '" + raw + "'");
        };
    }
}
