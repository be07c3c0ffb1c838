package io.footfall.cli;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The end-to-end benchmark's camera: the sample face video as a 1280×720 H.264 file in which the
 * person comes and goes, so every loop holds a known number of visits (the ground truth).
 *
 * <p>Each {@link #CYCLE_SECONDS}-second cycle shows the video for {@link #VISIBLE_SECONDS} seconds,
 * then an empty (black) scene for the rest, which is longer than the matcher's default track gap
 * (3 s), so each cycle is one visit. The 360×288 source is scaled up keeping its aspect ratio
 * (to 900×720) and centred on the 1280×720 frame; the file ends on an empty scene, so a camera
 * that loops it does not join the last visit to the first.
 */
final class VisitsVideo {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int CYCLE_SECONDS = 10;
    static final int VISIBLE_SECONDS = 6;
    static final int CYCLES = 6;
    static final int BITRATE = 2_500_000;

    private VisitsVideo() {}

    /** Visits in one loop of the file. */
    static int visitsPerLoop() {
        return CYCLES;
    }

    static double loopSeconds() {
        return CYCLES * CYCLE_SECONDS;
    }

    /** The cached file, made from {@code source} on first use (about 20 s on 2 cores). */
    static Path ensure(Path source, PrintWriter progress) throws IOException {
        Path media = Path.of(System.getProperty("user.home"), ".cache", "footfall", "media");
        Path video = media.resolve("franck-720p-visits-v1.mp4");
        if (Files.isRegularFile(video)) {
            return video;
        }
        Files.createDirectories(media);
        progress.printf("Making the benchmark video once: %s scaled to %dx%d, the person present %d s of every %d s, %d visits (%d s)...%n",
                source.getFileName(), WIDTH, HEIGHT, VISIBLE_SECONDS, CYCLE_SECONDS, CYCLES, CYCLES * CYCLE_SECONDS);
        progress.flush();
        Path partial = media.resolve(video.getFileName() + ".part");
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 24;
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), WIDTH, HEIGHT, 0)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodecName("libopenh264");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setVideoBitrate(BITRATE);
                recorder.setGopSize((int) Math.round(fps * 2));
                recorder.start();
                int frames = (int) Math.round(fps * CYCLES * CYCLE_SECONDS);
                int scaledWidth = (int) Math.round(HEIGHT * (double) grabber.getImageWidth() / grabber.getImageHeight());
                Mat canvas = new Mat(HEIGHT, WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
                Mat scaled = new Mat();
                Rect where = new Rect((WIDTH - scaledWidth) / 2, 0, scaledWidth, HEIGHT);
                Mat black = new Mat(HEIGHT, WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
                for (int i = 0; i < frames; i++) {
                    Frame frame = grabber.grabImage();
                    if (frame == null) {
                        throw new IOException(source + " is shorter than " + CYCLES * CYCLE_SECONDS + " s");
                    }
                    double t = i / fps;
                    boolean visible = t % CYCLE_SECONDS < VISIBLE_SECONDS;
                    Mat out;
                    if (visible) {
                        resize(converter.convert(frame), scaled, new Size(scaledWidth, HEIGHT), 0, 0, INTER_CUBIC);
                        try (Mat roi = canvas.apply(where)) {
                            scaled.copyTo(roi);
                        }
                        out = canvas;
                    } else {
                        out = black;
                    }
                    recorder.record(converter.convert(out));
                }
                recorder.stop();
            }
        }
        Files.move(partial, video, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return video;
    }
}
