package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.footfall.schema.CameraState;
import io.footfall.schema.CameraStatus;
import io.footfall.schema.Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file camera with {@code loop=false}, read by FFmpeg through the real ingest into the real broker:
 * each sampled frame of the file is published once, the camera reports ENDED, and the file is not
 * played again after the reconnect backoff.
 */
class FilePlayedOnceIT {

    static final int FRAMES = 50;
    static final int FILE_FPS = 25;

    @TempDir
    Path dir;

    @Test
    void a_file_with_loop_false_is_played_once() throws Exception {
        // given a 2 s video file (25 fps) and a camera that plays it once at 5 fps
        Path video = writeVideo(dir.resolve("once.mp4"));
        CameraSpec camera = new CameraSpec("once", video.toString(), 5, 1280, 85, true, false);
        int sampled = sampledFrames(video, camera.fps());
        assertThat(sampled).isEqualTo(10);
        try (IngestHarness ingest = new IngestHarness(List.of(camera),
                Map.of("ingest.reconnect.initial-backoff", "100ms", "ingest.reconnect.max-backoff", "200ms")).start()) {
            // when it reaches the end of the file
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.states("once").contains(CameraState.ENDED));
            // then the camera reported ENDED once, for the end of the file, and is still ENDED well after the backoff
            Thread.sleep(2_000);
            assertThat(ingest.states("once")).containsExactly(CameraState.CONNECTING, CameraState.STREAMING, CameraState.ENDED);
            CameraStatus ended = ingest.statuses.get(ingest.statuses.size() - 1).value();
            assertThat(ended.getReason()).isEqualTo("end of file");
            assertThat(ingest.ingest.states()).containsEntry("once", CameraState.ENDED);
            // every sampled frame of the file was published once, in order: the file was not played a second time
            List<Frame> frames = ingest.frames("once");
            assertThat(frames).extracting(Frame::getSequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, sampled).boxed().toList());
            // an ended file is not a failure: ingest stays healthy, and says so
            assertThat(ingest.ingest.health().detail()).isEqualTo("0 of 1 cameras streaming, 1 ended (files played once)");
            assertThat(ingest.context.meters().get("footfall_camera_up").tag("camera", "once").gauge().value()).isZero();
            assertThat(ingest.context.meters().get("footfall_camera_ended").tag("camera", "once").gauge().value()).isEqualTo(1.0);
            assertThat(ingest.context.meters().get("footfall_camera_reconnects").tag("camera", "once").counter().count()).isZero();
        }
    }

    /** Writes {@link #FRAMES} frames at {@link #FILE_FPS} fps with FFmpeg's own MPEG-4 encoder, each frame a different grey. */
    private static Path writeVideo(Path file) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 160, 120, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FILE_FPS);
            recorder.setGopSize(FILE_FPS);
            recorder.start();
            for (int i = 0; i < FRAMES; i++) {
                try (Mat picture = new Mat(120, 160, CV_8UC3, new Scalar(i * 5, i * 5, i * 5, 0))) {
                    recorder.record(converter.convert(picture));
                }
            }
            recorder.stop();
        }
        return file;
    }

    /** How many frames of the file a camera sampling at {@code fps} keeps, by the file's own timestamps. */
    private static int sampledFrames(Path file, double fps) throws Exception {
        FrameSampler sampler = new FrameSampler(fps);
        int kept = 0;
        int decoded = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            for (org.bytedeco.javacv.Frame f; (f = grabber.grabImage()) != null; ) {
                decoded++;
                if (sampler.keep(f.timestamp)) {
                    kept++;
                }
            }
            grabber.stop();
        }
        assertThat(decoded).as("frames in the written file").isEqualTo(FRAMES);
        return kept;
    }
}
