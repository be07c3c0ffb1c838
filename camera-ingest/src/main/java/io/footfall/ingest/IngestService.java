package io.footfall.ingest;

import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.ops.Health;
import io.footfall.schema.CameraState;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.Frame;
import io.footfall.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera ingest: one loop per camera publishing sampled JPEG frames to {@code frames} and state
 * changes to {@code camera-status}; a watchdog for stalled cameras; the cameras file re-read when
 * it changes, restarting only the cameras that changed.
 */
public final class IngestService implements Service {

    public static final String NAME = "camera-ingest";

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final ServiceContext context;
    private final Config config;
    private final Path camerasFile;
    private final List<CameraSpec> fixedCameras;
    private final CameraSpecs.Defaults defaults;
    private final Function<CameraSpec, FrameSource> sources;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<Frame> frameSerializer;
    private final Serializer<CameraStatus> statusSerializer;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "ingest-watchdog");
        t.setDaemon(true);
        return t;
    });
    private FileTime camerasFileTime;
    private volatile boolean started;

    private record Worker(CameraSpec spec, CameraLoop loop, FramePublisher publisher, CameraMetrics metrics, Thread thread) {}

    /**
     * @param cameras cameras given directly (command line); used with the cameras file if both are given
     * @param sources how a camera is decoded; {@link FfmpegSource} in production
     */
    public IngestService(ServiceContext context, List<CameraSpec> cameras, Function<CameraSpec, FrameSource> sources) {
        this.context = context;
        this.config = context.config();
        String file = config.get(IngestSettings.CAMERAS_FILE);
        this.camerasFile = file.isBlank() ? null : Path.of(file);
        this.fixedCameras = List.copyOf(cameras);
        this.defaults = new CameraSpecs.Defaults(config.get(IngestSettings.DEFAULT_FPS),
                config.get(IngestSettings.DEFAULT_MAX_WIDTH), config.get(IngestSettings.DEFAULT_JPEG_QUALITY));
        this.sources = sources;
        this.producer = context.producer(Topics.FRAMES, "footfall-ingest", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // JPEG does not compress; a few frames per request keeps latency low.
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
        this.frameSerializer = context.serdes().valueSerde(Topics.FRAMES).serializer();
        this.statusSerializer = context.serdes().valueSerde(Topics.CAMERA_STATUS).serializer();
    }

    /** With cameras decoded by FFmpeg. */
    public IngestService(ServiceContext context, List<CameraSpec> cameras) {
        this(context, cameras, spec -> new FfmpegSource(spec, context.config().get(IngestSettings.SOCKET_TIMEOUT)));
    }

    public CameraSpecs.Defaults defaults() {
        return defaults;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        List<CameraSpec> cameras = currentCameras();
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("No cameras configured: give --camera ID=URL or a cameras file (ingest.cameras-file)");
        }
        context.ensureTopics(List.of(Topics.FRAMES, Topics.CAMERA_STATUS));
        apply(cameras);
        scheduler.scheduleAtFixedRate(this::watchdog, 250, 250, TimeUnit.MILLISECONDS);
        if (camerasFile != null) {
            long every = config.get(IngestSettings.RELOAD_INTERVAL).toMillis();
            scheduler.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        }
        context.ops().register(name(), this::health);
        started = true;
    }

    private List<CameraSpec> currentCameras() {
        Map<String, CameraSpec> byId = new LinkedHashMap<>();
        if (camerasFile != null) {
            try {
                camerasFileTime = Files.getLastModifiedTime(camerasFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cameras file " + camerasFile + " cannot be read: " + e.getMessage());
            }
            CameraSpecs.read(camerasFile, defaults).forEach(c -> byId.put(c.id(), c));
        }
        fixedCameras.forEach(c -> byId.put(c.id(), c));
        return List.copyOf(byId.values());
    }

    /** Starts new cameras, stops removed ones and restarts changed ones; the others are left alone. */
    synchronized void apply(List<CameraSpec> cameras) {
        Map<String, CameraSpec> wanted = new LinkedHashMap<>();
        cameras.stream().filter(CameraSpec::enabled).forEach(c -> wanted.put(c.id(), c));
        for (String id : Set.copyOf(workers.keySet())) {
            CameraSpec next = wanted.get(id);
            if (next == null || !next.equals(workers.get(id).spec())) {
                stopWorker(workers.remove(id));
            }
        }
        wanted.values().forEach(spec -> workers.computeIfAbsent(spec.id(), id -> startWorker(spec)));
    }

    private Worker startWorker(CameraSpec spec) {
        CameraMetrics metrics = new CameraMetrics(spec.id(), context.meters());
        FramePublisher publisher = new FramePublisher(spec.id(), producer, frameSerializer, metrics, config.get(IngestSettings.QUEUE_FRAMES));
        CameraLoop loop = new CameraLoop(spec, sources, publisher, this::publishStatus, metrics,
                new Backoff(config.get(IngestSettings.INITIAL_BACKOFF), config.get(IngestSettings.MAX_BACKOFF)),
                config.get(IngestSettings.SOCKET_TIMEOUT));
        Thread thread = new Thread(loop, "camera-" + spec.id());
        thread.setDaemon(true);
        thread.start();
        log.info("Camera {} started: {}", spec.id(), spec);
        return new Worker(spec, loop, publisher, metrics, thread);
    }

    private void stopWorker(Worker worker) {
        worker.loop().stop();
        try {
            worker.thread().join(config.get(IngestSettings.SOCKET_TIMEOUT).toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.publisher().close();
        worker.metrics().remove();
        log.info("Camera {} stopped", worker.spec().id());
    }

    private void publishStatus(String camera, CameraState state, String reason, int attempt, String source) {
        CameraStatus status = new CameraStatus(camera, state, reason, Instant.now(), attempt, source);
        try {
            producer.send(new ProducerRecord<>(Topics.CAMERA_STATUS.name(), camera, statusSerializer.serialize(Topics.CAMERA_STATUS.name(), status)));
        } catch (RuntimeException e) {
            log.warn("Camera {}: status {} not published: {}", camera, state, e.getMessage());
        }
    }

    private void watchdog() {
        long now = System.nanoTime();
        workers.values().forEach(w -> w.loop().checkStall(now));
    }

    private void reloadIfChanged() {
        try {
            FileTime time = Files.getLastModifiedTime(camerasFile);
            if (time.equals(camerasFileTime)) {
                return;
            }
            List<CameraSpec> cameras = currentCameras();
            log.info("Cameras file {} changed: {} cameras", camerasFile, cameras.size());
            apply(cameras);
        } catch (RuntimeException | IOException e) {
            // A half-saved or wrong file must not stop the cameras that are running.
            log.warn("Cameras file {} not applied: {}", camerasFile, e.getMessage());
        }
    }

    /** Camera id to its current state, for health and tests. */
    public Map<String, CameraState> states() {
        Map<String, CameraState> states = new LinkedHashMap<>();
        workers.forEach((id, w) -> states.put(id, w.loop().state()));
        return states;
    }

    @Override
    public Health health() {
        if (!started) {
            return Health.down("not started");
        }
        long streaming = workers.values().stream().filter(w -> w.loop().state() == CameraState.STREAMING).count();
        // a file played once (loop=false) that reached its end did what it was asked: not a failure
        long ended = workers.values().stream().filter(w -> w.loop().state() == CameraState.ENDED).count();
        return Health.up(streaming + " of " + workers.size() + " cameras streaming" + (ended > 0 ? ", " + ended + " ended (files played once)" : ""));
    }

    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        List<Worker> all = new ArrayList<>(workers.values());
        workers.clear();
        all.forEach(w -> w.loop().stop());
        all.forEach(this::stopWorker);
        producer.close(Duration.ofSeconds(10));
    }
}
