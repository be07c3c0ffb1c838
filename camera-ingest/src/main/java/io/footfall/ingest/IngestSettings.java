package io.footfall.ingest;

import io.footfall.runtime.config.Setting;
import java.time.Duration;
import java.util.List;

/** Settings of camera ingest. */
public final class IngestSettings {

    private IngestSettings() {}

    public static final Setting<String> CAMERAS_FILE = Setting.string("ingest.cameras-file", "",
            "Properties file of cameras (<id>.url, <id>.fps, ...); re-read when it changes, without restarting other cameras");

    public static final Setting<Double> DEFAULT_FPS = Setting.decimal("ingest.fps", 5.0, 0.01, 60.0,
            "Frames per second analysed per camera, unless the camera sets its own");

    public static final Setting<Integer> DEFAULT_MAX_WIDTH = Setting.integer("ingest.max-width", 1280, 64, 7680,
            "Frames wider than this are scaled down before encoding (keeps a 1080p frame well under 1 MiB)");

    public static final Setting<Integer> DEFAULT_JPEG_QUALITY = Setting.integer("ingest.jpeg-quality", 85, 1, 100,
            "JPEG quality of published frames");

    public static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration("ingest.socket-timeout", Duration.ofSeconds(5),
            Duration.ofMillis(500), "Network read timeout of a camera; a grab blocked for 80 % of it marks the camera STALLED");

    public static final Setting<Duration> INITIAL_BACKOFF = Setting.duration("ingest.reconnect.initial-backoff", Duration.ofMillis(250),
            Duration.ofMillis(10), "First delay before reconnecting a camera; doubles per failed attempt, with jitter");

    public static final Setting<Duration> MAX_BACKOFF = Setting.duration("ingest.reconnect.max-backoff", Duration.ofSeconds(4),
            Duration.ofMillis(10), "Longest delay between reconnect attempts, at least the initial backoff; cameras are retried forever")
            .requires(INITIAL_BACKOFF, (max, initial) -> max.compareTo(initial) >= 0,
                    "the longest delay cannot be shorter than the first; raise ingest.reconnect.max-backoff "
                            + "or lower ingest.reconnect.initial-backoff");

    public static final Setting<Integer> QUEUE_FRAMES = Setting.integer("ingest.queue-frames", 8, 1, 1000,
            "Encoded frames buffered per camera while Kafka is slow; beyond this the oldest are dropped and counted");

    public static final Setting<Duration> RELOAD_INTERVAL = Setting.duration("ingest.reload-interval", Duration.ofSeconds(2),
            Duration.ofMillis(100), "How often the cameras file is checked for changes");

    public static List<Setting<?>> all() {
        return List.of(CAMERAS_FILE, DEFAULT_FPS, DEFAULT_MAX_WIDTH, DEFAULT_JPEG_QUALITY, SOCKET_TIMEOUT,
                INITIAL_BACKOFF, MAX_BACKOFF, QUEUE_FRAMES, RELOAD_INTERVAL);
    }
}
