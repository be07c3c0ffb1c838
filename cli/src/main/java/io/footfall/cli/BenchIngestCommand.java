package io.footfall.cli;

import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.IngestService;
import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.models.NpmFiles;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.micrometer.core.instrument.Counter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cameras per core of camera ingest: N file cameras played at their own frame rate (decode every
 * frame, sample, scale, JPEG-encode, publish to an embedded broker), measuring the CPU time of
 * ingest only (the broker runs elsewhere in production).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Cameras per core of camera ingest: decode, sample, encode and publish N cameras",
                "",
                "Plays VIDEO as N cameras in real time into an embedded Kafka and measures the CPU time of ingest's "
                        + "own threads over several windows; prints the median and cameras per core."})
final class BenchIngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--video", paramLabel = "FILE", description = "Video to play as every camera (default: the sample face video, 360x288)")
    Path video;

    @Option(names = "--cameras", defaultValue = "4", description = "Number of cameras (default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--fps", defaultValue = "5", description = "Analysed frames per second per camera (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--max-width", defaultValue = "1280", description = "Scale frames down to this width (default: ${DEFAULT-VALUE})")
    int maxWidth;

    @Option(names = "--windows", defaultValue = "5", description = "Measurement windows; the median is reported (default: ${DEFAULT-VALUE})")
    int windows;

    @Option(names = "--window-seconds", defaultValue = "10", description = "Length of each window (default: ${DEFAULT-VALUE})")
    int windowSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Untimed start (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path file = video != null ? video : NpmFiles.franckVideo();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            List<Setting<?>> settings = AllSettings.all();
            Config config = Config.of(settings, Map.of(
                    CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                    CoreSettings.REGISTRY_URL.key(), SchemaRegistries.IN_PROCESS,
                    CoreSettings.METRICS_PORT.key(), "0",
                    CoreSettings.METRICS_HOST.key(), "127.0.0.1",
                    CoreSettings.PARTITIONS.key(), Integer.toString(Math.max(1, cameras))));
            try (ServiceContext context = ServiceContext.create(config)) {
                context.ensureAllTopics();
                List<CameraSpec> specs = IntStream.range(0, cameras)
                        .mapToObj(i -> new CameraSpec("bench" + i, file.toString(), fps, maxWidth, 85, true, true)).toList();
                IngestService ingest = new IngestService(context, specs);
                ingest.start();
                try {
                    out.printf("Benchmarking ingest: %d cameras of %s at %.1f analysed fps, max width %d, %d x %d s windows on %d cores%n",
                            cameras, file.getFileName(), fps, maxWidth, windows, windowSeconds, Runtime.getRuntime().availableProcessors());
                    out.flush();
                    Thread.sleep(warmupSeconds * 1000L);
                    double[] cores = new double[windows];
                    double[] decodedFps = new double[windows];
                    double[] publishedFps = new double[windows];
                    double dropped = 0;
                    for (int w = 0; w < windows; w++) {
                        long cpu0 = ingestCpuNanos();
                        double decoded0 = sum(context, "footfall_camera_frames_decoded");
                        double published0 = sum(context, "footfall_camera_frames_published");
                        double dropped0 = sum(context, "footfall_camera_frames_dropped");
                        long t0 = System.nanoTime();
                        Thread.sleep(windowSeconds * 1000L);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        cores[w] = (ingestCpuNanos() - cpu0) / 1e9 / seconds;
                        decodedFps[w] = (sum(context, "footfall_camera_frames_decoded") - decoded0) / seconds / cameras;
                        publishedFps[w] = (sum(context, "footfall_camera_frames_published") - published0) / seconds / cameras;
                        dropped += sum(context, "footfall_camera_frames_dropped") - dropped0;
                        out.printf("  window %d: %.3f cores, %.1f decoded fps/camera, %.2f published fps/camera%n",
                                w + 1, cores[w], decodedFps[w], publishedFps[w]);
                        out.flush();
                    }
                    double medianCores = median(cores);
                    out.printf("median: %.3f cores for %d cameras = %.3f cores per camera -> %.1f cameras per core "
                                    + "(decoded %.1f fps, published %.2f fps per camera, %d frames dropped)%n",
                            medianCores, cameras, medianCores / cameras, cameras / medianCores, median(decodedFps), median(publishedFps),
                            (long) dropped);
                } finally {
                    ingest.close();
                }
            }
        }
        return 0;
    }

    private static double sum(ServiceContext context, String name) {
        return context.meters().find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * CPU time of ingest: the whole process minus the Java threads that are not ingest's (the
     * embedded broker, the registry, metrics). FFmpeg's decoder threads are native and invisible to
     * the thread MXBean, so they are counted through the process total.
     */
    private static long ingestCpuNanos() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long others = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            boolean ingest = name.startsWith("camera-") || name.startsWith("ingest-") || name.contains("| footfall-ingest");
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (!ingest && cpu > 0) {
                others += cpu;
            }
        }
        return process - others;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
