package io.footfall.cli;

import io.footfall.detector.Detector;
import io.footfall.detector.DetectorService;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.Embedder;
import io.footfall.embedder.EmbedderService;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.FfmpegSource;
import io.footfall.ingest.FrameSource;
import io.footfall.ingest.IngestService;
import io.footfall.ingest.IngestSettings;
import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.matcher.MatcherService;
import io.footfall.models.NpmFiles;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One run of the whole pipeline in this process: an embedded broker, every topic, the four
 * services and {@code cameras} file cameras, measured over a window by {@link E2eProbe}, the
 * services' own meters and the JVM's CPU and memory beans.
 */
final class E2eTrial implements AutoCloseable {

    /** What one measurement window showed. */
    record Result(int cameras, double seconds, double targetFps, double analysedFps, double minCameraFps, double publishedFps,
                  long dropped, long deadLetters, Map<String, double[]> latencies, long entered, long left, double detectMillis,
                  double encodeMillis, double cpuCores, Map<String, Double> cpuByPart, double gcShare, double jitShare, long heapUsedBytes,
                  long rssBytes) {

        double perCameraFps() {
            return analysedFps / cameras;
        }

        /** p99 of capture → readable, and of capture → ENTERED received where there were events. */
        double worstP99() {
            double frames = latencies.get(CAPTURE_TO_READABLE)[1];
            double[] events = latencies.get(CAPTURE_TO_EVENT);
            return Double.isNaN(events[1]) ? frames : Math.max(frames, events[1]);
        }

        boolean sustains(double p99LimitMillis) {
            return minCameraFps >= targetFps * 0.95 && dropped == 0 && worstP99() < p99LimitMillis;
        }
    }

    static final String CAPTURE_TO_DETECTED = "capture -> detected";
    static final String DETECTED_TO_EMBEDDED = "detected -> embedded";
    static final String EMBEDDED_TO_READABLE = "embedded -> readable";
    static final String CAPTURE_TO_READABLE = "capture -> readable by the matcher";
    static final String EMBED = "embedder run per frame";
    static final String CAPTURE_TO_EVENT = "capture -> ENTERED received";

    private final int cameras;
    private final double fps;
    private final ServiceRunner runner = new ServiceRunner();
    private ServiceContext context;
    private E2eProbe probe;
    private IngestService ingest;

    /**
     * Starts everything; cameras start staggered over one visit cycle, so their visits and frames
     * do not all arrive at the same instant.
     */
    E2eTrial(Path video, int cameras, double fps, Map<String, String> overrides, PrintWriter out) throws Exception {
        this.cameras = cameras;
        this.fps = fps;
        try {
            EmbeddedKafka kafka = runner.add(EmbeddedKafka.builder().start());
            Map<String, String> settings = new HashMap<>();
            settings.put(CoreSettings.PARTITIONS.key(), Integer.toString(Math.max(2, cameras)));
            settings.putAll(overrides);
            settings.put(CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            settings.put(CoreSettings.REGISTRY_URL.key(), SchemaRegistries.IN_PROCESS);
            settings.put(CoreSettings.METRICS_HOST.key(), "127.0.0.1");
            settings.put(CoreSettings.METRICS_PORT.key(), "0");
            settings.put(CoreSettings.STATE_DIR.key(), kafka.dataDir().resolve("streams").toString());
            Config config = Config.load(AllSettings.all(), null, Map.of(), settings);
            context = runner.add(ServiceContext.create(config));
            context.ensureAllTopics();
            probe = new E2eProbe(config, context.serdes());
            Detector detector = runner.add(DetectorSettings.detector(config));
            Embedder embedder = runner.add(EmbedderSettings.embedder(config));
            SampleEnrolment.enrol(NpmFiles.franckVideo(), detector, embedder, context);
            runner.start(new MatcherService(context));
            runner.start(new EmbedderService(context, embedder));
            runner.start(new DetectorService(context, detector));
            probe.start();
            Duration socketTimeout = config.get(IngestSettings.SOCKET_TIMEOUT);
            long staggerMillis = Math.round(VisitsVideo.CYCLE_SECONDS * 1000.0 / cameras);
            List<CameraSpec> specs = IntStream.range(0, cameras)
                    .mapToObj(i -> new CameraSpec("cam" + i, video.toString(), fps, VisitsVideo.WIDTH, 85, true, true)).toList();
            Set<String> opened = ConcurrentHashMap.newKeySet();
            ingest = runner.start(new IngestService(context, specs, spec -> {
                long delay = opened.add(spec.id()) ? Integer.parseInt(spec.id().substring(3)) * staggerMillis : 0;
                return new DelayedStart(new FfmpegSource(spec, socketTimeout), delay);
            }));
        } catch (Exception | Error e) {
            // a half-started run must not leave a broker and services keeping the JVM alive
            if (probe != null) {
                probe.close();
            }
            runner.stop();
            throw e;
        }
    }

    /** Measures one window of {@code seconds}, printing progress every {@code every} seconds. */
    Result measure(int seconds, int every, PrintWriter out, String indent) throws InterruptedException {
        Snapshot start = snapshot();
        probe.swap();
        E2eProbe.Window all = new E2eProbe.Window();
        long begin = System.nanoTime();
        Snapshot last = start;
        for (int elapsed = every; elapsed <= seconds; elapsed += every) {
            long due = begin + TimeUnit.SECONDS.toNanos(elapsed);
            Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            E2eProbe.Window w = probe.swap();
            merge(all, w);
            Snapshot now = snapshot();
            double span = (now.nanos - last.nanos) / 1e9;
            long frames = w.framesByCamera.values().stream().mapToLong(Long::longValue).sum();
            out.printf("%s%3d s: %6.1f analysed fps (%.2f per camera), capture -> readable p50 %4.0f ms p99 %4.0f ms, CPU %.2f cores, %d visits entered%n",
                    indent, elapsed, frames / span, frames / span / cameras, E2eProbe.quantile(w.captureToReadable, 0.5),
                    E2eProbe.quantile(w.captureToReadable, 0.99), (now.processCpu - last.processCpu) / 1e9 / span, all.entered);
            out.flush();
            last = now;
        }
        Snapshot end = snapshot();
        double span = (end.nanos - start.nanos) / 1e9;
        Map<String, double[]> latencies = new LinkedHashMap<>();
        latencies.put(CAPTURE_TO_DETECTED, stats(all.captureToDetected));
        latencies.put(DETECTED_TO_EMBEDDED, stats(all.detectedToEmbedded));
        latencies.put(EMBEDDED_TO_READABLE, stats(all.embeddedToReadable));
        latencies.put(CAPTURE_TO_READABLE, stats(all.captureToReadable));
        latencies.put(EMBED, stats(all.embedMillis));
        latencies.put(CAPTURE_TO_EVENT, stats(all.captureToEvent));
        long frames = all.framesByCamera.values().stream().mapToLong(Long::longValue).sum();
        double minCamera = IntStream.range(0, cameras).mapToDouble(i -> all.framesByCamera.getOrDefault("cam" + i, 0L) / span).min().orElse(0);
        Map<String, Double> cpuByPart = new LinkedHashMap<>();
        long javaThreads = 0;
        for (String part : List.of("camera-ingest", "detector", "embedder", "matcher", "kafka broker and clients", "benchmark probe")) {
            long nanos = end.cpuByPart.getOrDefault(part, 0L) - start.cpuByPart.getOrDefault(part, 0L);
            javaThreads += nanos;
            cpuByPart.put(part, nanos / 1e9 / span);
        }
        cpuByPart.put("native threads, GC and JIT", (end.processCpu - start.processCpu - javaThreads) / 1e9 / span);
        return new Result(cameras, span, fps, frames / span, minCamera,
                (end.published - start.published) / span, (long) (end.dropped - start.dropped), (long) (end.deadLetters - start.deadLetters),
                latencies, all.entered, all.left,
                millisPerEvent(end.detectNanos - start.detectNanos, end.detectCount - start.detectCount),
                millisPerEvent(end.encodeNanos - start.encodeNanos, end.encodeCount - start.encodeCount),
                (end.processCpu - start.processCpu) / 1e9 / span, cpuByPart,
                (end.gcMillis - start.gcMillis) / 1e3 / span, (end.jitMillis - start.jitMillis) / 1e3 / span,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss());
    }

    private static double millisPerEvent(double nanos, long count) {
        return count == 0 ? Double.NaN : nanos / 1e6 / count;
    }

    private static void merge(E2eProbe.Window into, E2eProbe.Window w) {
        into.captureToDetected.addAll(w.captureToDetected);
        into.detectedToEmbedded.addAll(w.detectedToEmbedded);
        into.embeddedToReadable.addAll(w.embeddedToReadable);
        into.captureToReadable.addAll(w.captureToReadable);
        into.embedMillis.addAll(w.embedMillis);
        into.captureToEvent.addAll(w.captureToEvent);
        w.framesByCamera.forEach((k, v) -> into.framesByCamera.merge(k, v, Long::sum));
        into.entered += w.entered;
        into.left += w.left;
        into.faces += w.faces;
    }

    /** {p50, p99, count}. */
    private static double[] stats(List<Double> samples) {
        return new double[] {E2eProbe.quantile(samples, 0.5), E2eProbe.quantile(samples, 0.99), samples.size()};
    }

    private record Snapshot(long nanos, long processCpu, Map<String, Long> cpuByPart, double published, double dropped, double deadLetters,
                            double detectNanos, long detectCount, double encodeNanos, long encodeCount, long gcMillis, long jitMillis) {}

    private Snapshot snapshot() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byPart = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byPart.merge(part(info.getThreadName()), cpu, Long::sum);
            }
        }
        double detectNanos = 0;
        long detectCount = 0;
        for (Timer t : context.meters().find("footfall_detector_detection").timers()) {
            detectNanos += t.totalTime(TimeUnit.NANOSECONDS);
            detectCount += t.count();
        }
        double encodeNanos = 0;
        long encodeCount = 0;
        for (Timer t : context.meters().find("footfall_camera_encode").timers()) {
            encodeNanos += t.totalTime(TimeUnit.NANOSECONDS);
            encodeCount += t.count();
        }
        return new Snapshot(System.nanoTime(), process, byPart, sum("footfall_camera_frames_published"), sum("footfall_camera_frames_dropped"),
                sum("footfall_dead_letters"), detectNanos, detectCount, encodeNanos, encodeCount,
                ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum(),
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    }

    /**
     * Which part of the pipeline a Java thread works for, by its name: Streams names its threads
     * after the application id, ingest its camera loops {@code camera-ID}. Threads that died during
     * the window take their CPU time with them, which only happens on failures.
     */
    static String part(String thread) {
        if (thread.startsWith("camera-") || thread.contains("footfall-ingest") || thread.startsWith("ingest-")) {
            return "camera-ingest";
        }
        for (String service : List.of("detector", "embedder", "matcher")) {
            if (thread.contains("footfall-" + service)) {
                return service;
            }
        }
        if (thread.startsWith("e2e-probe") || thread.contains("footfall-bench-e2e-probe")) {
            return "benchmark probe";
        }
        return "kafka broker and clients";
    }

    private double sum(String name) {
        return context.meters().find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Resident set size of this process (heap, native model memory, decoders), from Linux's /proc. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as unknown
        }
        return -1;
    }

    long totalEntered() {
        return probe.totalEntered();
    }

    long totalLeft() {
        return probe.totalLeft();
    }

    @Override
    public void close() {
        probe.close();
        runner.stop();
    }

    /** Opens its camera only after a delay, so the cameras of one run are out of phase, as real ones are. */
    private static final class DelayedStart implements FrameSource {
        private final FrameSource source;
        private long delayMillis;

        DelayedStart(FrameSource source, long delayMillis) {
            this.source = source;
            this.delayMillis = delayMillis;
        }

        @Override
        public void open() throws SourceException {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delayMillis = 0;
            }
            source.open();
        }

        @Override
        public Decoded grab() throws SourceException {
            return source.grab();
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
