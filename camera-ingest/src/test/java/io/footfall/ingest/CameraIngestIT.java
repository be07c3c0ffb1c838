package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.schema.CameraState;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.Frame;
import io.footfall.models.NpmFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Camera ingest against a real RTSP server serving a real face video, on a real broker: frames at
 * the target rate, and the failures real cameras have (dropping out, freezing, wrong URL or
 * credentials) reported on {@code camera-status} and recovered from.
 */
class CameraIngestIT {

    static Path video;

    @BeforeAll
    static void requirements() {
        String reason = LocalRtspServer.unavailableReason();
        Assumptions.assumeTrue(reason == null, "SKIPPED: no RTSP test server: " + reason);
        video = NpmFiles.franckVideo();
    }

    static CameraSpec camera(String id, String url, double fps) {
        return new CameraSpec(id, url, fps, 1280, 85, true, true);
    }

    static final Map<String, String> FAST_RETRY = Map.of(
            "ingest.reconnect.initial-backoff", "100ms",
            "ingest.reconnect.max-backoff", "1s");

    @Test
    void frames_arrive_in_order_at_the_target_rate_with_capture_times() throws Exception {
        try (LocalRtspServer server = LocalRtspServer.start(video);
             IngestHarness ingest = new IngestHarness(List.of(camera("door", server.url("/cam"), 5)), FAST_RETRY).start()) {
            // when the camera has streamed for a while
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.frames("door").size() >= 25);
            List<Frame> all = ingest.frames("door");
            // then sequence numbers are consecutive, capture times never go back or into the future
            assertThat(all).extracting(Frame::getSequence).containsExactlyElementsOf(
                    IntStream.range(0, all.size()).mapToObj(i -> (long) i).toList());
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).getCapturedAt()).isAfter(all.get(i - 1).getCapturedAt());
                assertThat(all.get(i).getCapturedAt()).isBeforeOrEqualTo(all.get(i).getPublishedAt());
            }
            // and once past the burst of frames FFmpeg buffers while connecting, they are ~200 ms
            // apart: 5 fps sampled from a 24 fps camera
            List<Frame> frames = all.subList(5, all.size());
            long spanMillis = frames.get(frames.size() - 1).getCapturedAt().toEpochMilli() - frames.get(0).getCapturedAt().toEpochMilli();
            double fps = (frames.size() - 1) * 1000.0 / spanMillis;
            assertThat(fps).as("analysed fps").isBetween(4.5, 5.5);
            for (int i = 1; i < frames.size(); i++) {
                long gap = frames.get(i).getCapturedAt().toEpochMilli() - frames.get(i - 1).getCapturedAt().toEpochMilli();
                assertThat(gap).as("gap before frame %d", i).isBetween(120L, 300L);
            }
            // and every frame is a real JPEG of the camera's picture, captured moments ago
            Frame last = frames.get(frames.size() - 1);
            assertThat(last.getWidth()).isEqualTo(360);
            assertThat(last.getHeight()).isEqualTo(288);
            byte[] jpeg = new byte[last.getJpeg().remaining()];
            last.getJpeg().duplicate().get(jpeg);
            try (Mat decoded = opencv_imgcodecs.imdecode(new Mat(jpeg), opencv_imgcodecs.IMREAD_COLOR)) {
                assertThat(decoded.cols()).isEqualTo(360);
            }
            assertThat(last.getPublishedAt().toEpochMilli() - last.getCapturedAt().toEpochMilli()).isBetween(0L, 2_000L);
            assertThat(ingest.states("door")).startsWith(CameraState.CONNECTING, CameraState.STREAMING);
        }
    }

    @Test
    void a_camera_that_drops_out_is_reported_and_reconnected() throws Exception {
        try (LocalRtspServer server = LocalRtspServer.start(video);
             IngestHarness ingest = new IngestHarness(List.of(camera("gate", server.url("/cam"), 5)), FAST_RETRY).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.states("gate").contains(CameraState.STREAMING));

            // when the camera's server dies
            long killedAt = System.currentTimeMillis();
            server.kill();
            // then DISCONNECTED within 2 s
            await().atMost(Duration.ofSeconds(5)).until(() -> ingest.firstAt("gate", CameraState.DISCONNECTED, killedAt) > 0);
            assertThat(ingest.firstAt("gate", CameraState.DISCONNECTED, killedAt) - killedAt).isLessThan(2_000);

            // when it comes back
            Thread.sleep(1_500);
            long backAt = System.currentTimeMillis();
            server.startProcess();
            // then streaming again within 5 s, with frames flowing
            await().atMost(Duration.ofSeconds(10)).until(() -> ingest.firstAt("gate", CameraState.STREAMING, backAt) > 0);
            assertThat(ingest.firstAt("gate", CameraState.STREAMING, backAt) - backAt).isLessThan(5_000);
            int before = ingest.frames("gate").size();
            await().atMost(Duration.ofSeconds(5)).until(() -> ingest.frames("gate").size() > before + 3);
        }
    }

    @Test
    void a_frozen_camera_is_stalled_and_recovers() throws Exception {
        // default socket timeout (5 s): the watchdog calls a grab blocked for 4 s a stall
        try (LocalRtspServer server = LocalRtspServer.start(video);
             IngestHarness ingest = new IngestHarness(List.of(camera("till", server.url("/cam"), 5)), FAST_RETRY).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.states("till").contains(CameraState.STREAMING));

            long frozenAt = System.currentTimeMillis();
            server.freeze();
            await().atMost(Duration.ofSeconds(10)).until(() -> ingest.firstAt("till", CameraState.STALLED, frozenAt) > 0);
            assertThat(ingest.firstAt("till", CameraState.STALLED, frozenAt) - frozenAt).isLessThan(6_000);

            long thawedAt = System.currentTimeMillis();
            server.thaw();
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.firstAt("till", CameraState.STREAMING, thawedAt) > 0);
            int before = ingest.frames("till").size();
            await().atMost(Duration.ofSeconds(10)).until(() -> ingest.frames("till").size() > before + 3);
        }
    }

    @Test
    void wrong_path_closed_port_and_wrong_credentials_are_reported_and_retried() throws Exception {
        int closedPort = LocalRtspServer.freePort();
        try (LocalRtspServer open = LocalRtspServer.start(video);
             LocalRtspServer locked = LocalRtspServer.start(video, "admin", "right");
             IngestHarness ingest = new IngestHarness(List.of(
                     camera("nopath", open.url("/nothing-here"), 5),
                     camera("noport", "rtsp://127.0.0.1:" + closedPort + "/cam", 5),
                     camera("badpass", "rtsp://admin:wrong@127.0.0.1:" + locked.port() + "/cam", 5)), FAST_RETRY).start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(reason(ingest, "nopath")).contains("not found");
                assertThat(reason(ingest, "noport")).contains("connection refused");
                assertThat(reason(ingest, "badpass")).contains("401");
                // retried with backoff, forever
                assertThat(ingest.context.meters().get("footfall_camera_reconnects").tag("camera", "badpass").counter().count())
                        .isGreaterThanOrEqualTo(2);
            });
            // and the password never leaves the process
            assertThat(ingest.statuses).allSatisfy(s -> assertThat(s.value().toString()).doesNotContain("wrong"));
            assertThat(ingest.context.meters().scrape()).doesNotContain("wrong");
            assertThat(ingest.statuses.stream().map(s -> s.value()).filter(s -> s.getCameraId().equals("badpass")).findFirst()
                    .orElseThrow().getSource()).isEqualTo("rtsp://***@127.0.0.1:" + locked.port() + "/cam");
        }
    }

    @Test
    void eight_cameras_stream_at_once_from_one_process() throws Exception {
        try (LocalRtspServer server = LocalRtspServer.start(video)) {
            List<CameraSpec> cameras = IntStream.range(0, 8).mapToObj(i -> camera("cam" + i, server.url("/cam"), 2)).toList();
            try (IngestHarness ingest = new IngestHarness(cameras, FAST_RETRY).start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        cameras.forEach(c -> assertThat(ingest.frames(c.id())).as(c.id()).hasSizeGreaterThanOrEqualTo(4)));
                assertThat(ingest.ingest.health().detail()).isEqualTo("8 of 8 cameras streaming");
            }
        }
    }

    private static String reason(IngestHarness ingest, String camera) {
        return ingest.statuses.stream().map(IngestHarness.Seen::value)
                .filter(s -> s.getCameraId().equals(camera) && s.getState() == CameraState.DISCONNECTED)
                .map(CameraStatus::getReason).reduce((a, b) -> b).orElse("");
    }
}
