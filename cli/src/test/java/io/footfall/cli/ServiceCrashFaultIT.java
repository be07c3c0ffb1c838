package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import io.footfall.ingest.LocalRtspServer;
import io.footfall.schema.CameraState;
import io.footfall.schema.EventType;
import io.footfall.testing.ApicurioRegistry;
import io.footfall.testing.ChildJvm;
import io.footfall.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector or the embedder killed with SIGKILL in the middle of a visit and started again:
 * frames wait in Kafka meanwhile, the restarted service takes over the partitions once the dead
 * member's session expires, the killed instance's open transaction never becomes visible, and
 * every visit is still counted exactly once. Camera ingest killed and restarted while it reads a
 * live camera: the visit in progress goes on. (The matcher's own crash is MatcherCrashIT.)
 */
class ServiceCrashFaultIT {

    static final int VISITS = 2;
    static ApicurioRegistry apicurio;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void registry() throws Exception {
        Optional<Path> java21 = ApicurioRegistry.findJava21();
        Assumptions.assumeTrue(java21.isPresent(), "SKIPPED: the crash test needs a registry shared by two JVMs (Apicurio, Java 21+)");
        apicurio = ApicurioRegistry.start(java21.get());
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"detector", "embedder"})
    void a_service_killed_mid_visit_and_restarted_loses_and_duplicates_nothing(String victim) throws Exception {
        String camera = "kill-" + victim + "-" + UUID.randomUUID().toString().substring(0, 6);
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, String> settings = FaultHarness.settings(bootstrap, apicurio.confluentApiUrl(), stateDir.resolve("here"), camera + "-");
        List<String> others = new ArrayList<>(List.of("matcher", "embedder", "detector"));
        others.remove(victim);
        List<String> childArgs = new ArrayList<>(List.of(victim));
        Map<String, String> childSettings = new java.util.LinkedHashMap<>(settings);
        childSettings.put("streams.state-dir", stateDir.resolve("child").toString());
        childSettings.forEach((k, v) -> childArgs.add(k + "=" + v));
        try (FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), others);
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera);
             FaultHarness.Camera frames = new FaultHarness.Camera(bootstrap, services.context.serdes(), camera, VISITS)) {
            // given the pipeline with the victim in its own JVM, and the first visit under way
            ChildJvm child = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx512m"), childArgs, Duration.ofSeconds(90));
            frames.play(FaultHarness.Camera.middleOfVisit(0), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.events.stream().anyMatch(e -> e.getType() == EventType.ENTERED));

            // when it is killed with SIGKILL, the camera goes on, and it is started again
            long killed = System.nanoTime();
            child.kill();
            frames.playAll(Duration.ofMillis(100));
            ChildJvm restarted = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx512m"), childArgs, Duration.ofSeconds(90));
            try {
                // then every visit is counted exactly once
                FaultHarness.assertEveryVisitCountedOnce(subscriber, VISITS, Duration.ofSeconds(90));
                int last = subscriber.eventArrivals.size() - 1;
                System.out.printf("[footfall-test] %s killed: restarted JVM ready in %.1f s; last event %.1f s after the kill%n", victim,
                        restarted.startup().toMillis() / 1e3, (subscriber.eventArrivals.get(last).toEpochMilli()
                                - (System.currentTimeMillis() - (System.nanoTime() - killed) / 1_000_000)) / 1e3);
                assertThat(restarted.alive()).isTrue();
            } finally {
                restarted.kill();
            }
        }
    }

    /** The live camera of the ingest test (25 fps, shots at 5 fps): 2 s empty, the person for 16 s, then empty for 20 s. */
    static final int INGEST_LEAD = 10;
    static final int INGEST_VISIBLE = 80;
    static final int INGEST_TAIL = 100;
    /**
     * Camera ingest killed with SIGKILL in the middle of a visit and started again 2 s later, while
     * the detector, embedder and matcher keep running. What a live camera shows while nobody reads
     * it is lost by nature; the visit in progress continues as the same visit: the outage (the kill,
     * 2 s, a new JVM, the reconnect: 4-10 s, longer than the 1.4 s track gap) is time the camera sent
     * no frames, which the matcher does not count as absence, and the wall-clock silence stays under
     * {@code matcher.silence-timeout}.
     */
    @Test
    void camera_ingest_killed_mid_visit_and_restarted_continues_the_visit() throws Exception {
        String noRtsp = LocalRtspServer.unavailableReason();
        Assumptions.assumeTrue(noRtsp == null, "SKIPPED: no RTSP test server: " + noRtsp);
        String camera = "kill-ingest-" + UUID.randomUUID().toString().substring(0, 6);
        String bootstrap = TestKafka.bootstrapServers();
        Map<String, String> settings = FaultHarness.settings(bootstrap, apicurio.confluentApiUrl(), stateDir.resolve("here"), camera + "-");
        Path video = VisitFrames.video(VisitFrames.of(INGEST_LEAD, INGEST_VISIBLE, INGEST_TAIL, 1), 25,
                stateDir.resolve("one-visit.mp4"));
        try (LocalRtspServer server = LocalRtspServer.start(video);
             FaultHarness.Services services = new FaultHarness.Services(FaultHarness.config(settings), List.of("matcher", "embedder", "detector"));
             FaultHarness.Subscriber subscriber = new FaultHarness.Subscriber(bootstrap, services.context.serdes(), camera, true)) {
            Path cameras = Files.writeString(stateDir.resolve("cameras.properties"),
                    camera + ".url = " + server.url("/cam") + "\n" + camera + ".fps = " + VisitFrames.FPS + "\n");
            List<String> childArgs = new ArrayList<>(List.of("camera-ingest"));
            settings.forEach((k, v) -> childArgs.add(k + "=" + v));
            childArgs.add("ingest.cameras-file=" + cameras);
            // given camera ingest in its own JVM reading the live camera, and the visit under way
            ChildJvm ingest = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx256m"), childArgs, Duration.ofSeconds(60));
            // (another viewer keeps the camera's stream running while ingest is away, as a real camera's does)
            try (Viewer viewer = new Viewer(server.url("/cam"))) {
                await().atMost(Duration.ofSeconds(40)).until(() -> subscriber.events.stream().anyMatch(e -> e.getType() == EventType.ENTERED));

                // when it is killed with SIGKILL and started again 2 s later
                Instant killed = Instant.now();
                ingest.kill();
                Thread.sleep(2_000);
                Instant restart = Instant.now();
                ChildJvm restarted = ChildJvm.start(ServiceProcessMain.class, List.of("-Xmx256m"), childArgs, Duration.ofSeconds(60));
                try {
                    // then the camera is STREAMING again and frames flow
                    await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.frames.stream().anyMatch(f -> f.publishedAt().isAfter(restart))
                            && subscriber.statuses.stream().anyMatch(st -> st.getState() == CameraState.STREAMING && st.getAt().isAfter(restart)));
                    FaultHarness.Subscriber.FrameSeen first = subscriber.frames.stream().filter(f -> f.publishedAt().isAfter(restart))
                            .findFirst().orElseThrow();
                    Instant streaming = subscriber.statuses.stream().filter(st -> st.getState() == CameraState.STREAMING && st.getAt().isAfter(restart))
                            .findFirst().orElseThrow().getAt();
                    Instant lastBefore = subscriber.frames.stream().filter(f -> f.publishedAt().isBefore(killed))
                            .map(FaultHarness.Subscriber.FrameSeen::capturedAt).max(Instant::compareTo).orElseThrow();
                    Duration unseen = Duration.between(lastBefore, first.capturedAt());
                    System.out.printf("[footfall-test] camera-ingest killed: restarted JVM ready in %.1f s; STREAMING %.1f s and first frame"
                                    + " published %.1f s after the restart; capture-time gap %.1f s (about %d frames never captured)%n",
                            restarted.startup().toMillis() / 1e3, Duration.between(restart, streaming).toMillis() / 1e3,
                            Duration.between(restart, first.publishedAt()).toMillis() / 1e3, unseen.toMillis() / 1e3,
                            unseen.toMillis() * VisitFrames.FPS / 1000 - 1);
                    assertThat(first.sequence()).as("a new ingest numbers its frames from 0").isZero();
                    assertThat(unseen).as("the camera's outage in capture time, longer than the track gap")
                            .isGreaterThan(VisitFrames.TRACK_GAP);

                    // and the visit is counted exactly once: one track, seen before the kill and after the restart
                    FaultHarness.assertEveryVisitCountedOnce(subscriber, 1, Duration.ofSeconds(60));
                    var left = subscriber.events.stream().filter(e -> e.getType() == EventType.LEFT).findFirst().orElseThrow();
                    assertThat(left.getFirstSeenAt()).isBefore(killed);
                    assertThat(left.getLastSeenAt()).isAfterOrEqualTo(first.capturedAt());
                    int last = subscriber.eventArrivals.size() - 1;
                    System.out.printf("[footfall-test] camera-ingest killed: last event %.1f s after the kill; the camera's stream: %s%n",
                            Duration.between(killed, subscriber.eventArrivals.get(last)).toMillis() / 1e3, viewer.report());
                    // the camera streamed on meanwhile: what it showed while ingest was away is lost, not delayed
                    assertThat(viewer.longestWait()).isLessThan(Duration.ofSeconds(1));
                    assertThat(restarted.alive()).isTrue();
                } finally {
                    restarted.kill();
                }
            } finally {
                ingest.kill();
            }
        }
    }

    /**
     * A client that reads the camera's packets and throws them away: the RTSP server shares one
     * stream among its clients, started for the first, and this one keeps it running while ingest
     * is away, as a real camera's stream runs whoever watches.
     */
    static final class Viewer implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long firstNanos;
        private volatile long firstMicros = Long.MIN_VALUE;
        private volatile long lastNanos;
        private volatile long lastMicros;
        private volatile long maxGapNanos;
        private volatile long packets;

        Viewer(String url) {
            thread = new Thread(() -> {
                try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
                    grabber.setOptions(Map.of("rtsp_transport", "tcp", "timeout", "5000000"));
                    grabber.start();
                    AVPacket packet;
                    while (running && (packet = grabber.grabPacket()) != null) {
                        long now = System.nanoTime();
                        var timeBase = grabber.getFormatContext().streams(packet.stream_index()).time_base();
                        long micros = packet.pts() * 1_000_000L * timeBase.num() / timeBase.den();
                        if (firstMicros == Long.MIN_VALUE) {
                            firstNanos = now;
                            firstMicros = micros;
                        } else {
                            maxGapNanos = Math.max(maxGapNanos, now - lastNanos);
                        }
                        lastNanos = now;
                        lastMicros = micros;
                        packets++;
                        av_packet_unref(packet);
                    }
                } catch (FrameGrabber.Exception e) {
                    System.out.println("[footfall-test] viewer: " + e.getMessage());
                }
            }, "camera-viewer");
            thread.setDaemon(true);
            thread.start();
        }

        /** The longest wait between two packets; forever when it saw none. */
        Duration longestWait() {
            return packets == 0 ? ChronoUnit.FOREVER.getDuration() : Duration.ofNanos(maxGapNanos);
        }

        /** How the camera's stream ran: stream time against wall-clock time, and the longest wait for a packet. */
        String report() {
            return String.format("%.1f s of stream in %.1f s, longest wait for a packet %d ms", (lastMicros - firstMicros) / 1e6,
                    (lastNanos - firstNanos) / 1e9, maxGapNanos / 1_000_000);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
