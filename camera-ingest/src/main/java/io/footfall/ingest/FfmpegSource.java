package io.footfall.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * Decodes a camera with JavaCV's FFmpeg grabber: RTSP over TCP with a socket timeout (FFmpeg 8's
 * {@code timeout}, in microseconds; without it a frozen camera blocks a grab forever), files
 * paced at their own frame rate so they behave like a live camera, and key frames only when the
 * analysed rate is very low.
 */
public final class FfmpegSource implements FrameSource {

    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    static {
        // FFmpeg's console messages are replaced by the reasons this class derives from its errors.
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private final CameraSpec camera;
    private final Duration socketTimeout;
    private final boolean keyFramesOnly;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameGrabber grabber;
    private long pacingStartNanos;
    private long pacingStartMicros = Long.MIN_VALUE;

    public FfmpegSource(CameraSpec camera, Duration socketTimeout) {
        this.camera = camera;
        this.socketTimeout = socketTimeout;
        this.keyFramesOnly = camera.fps() <= 1.0;
    }

    @Override
    public void open() throws SourceException {
        String url = camera.url();
        grabber = new FFmpegFrameGrabber(url.startsWith("file:") ? url.substring("file:".length()) : url);
        if (camera.isNetworkStream()) {
            long micros = socketTimeout.toNanos() / 1000;
            grabber.setOptions(Map.of(
                    "rtsp_transport", "tcp",
                    "timeout", Long.toString(micros)));
        }
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release();
            throw new SourceException(reasonOf(e), e);
        }
        pacingStartMicros = Long.MIN_VALUE;
    }

    @Override
    public Decoded grab() throws SourceException {
        Frame frame;
        try {
            frame = keyFramesOnly ? grabber.grabKeyFrame() : grabber.grabImage();
            if (frame == null && !camera.isNetworkStream() && camera.loop()) {
                grabber.setTimestamp(0);
                pacingStartMicros = Long.MIN_VALUE;
                frame = keyFramesOnly ? grabber.grabKeyFrame() : grabber.grabImage();
            }
        } catch (FrameGrabber.Exception e) {
            throw new SourceException(reasonOf(e), e);
        }
        if (frame == null || frame.image == null) {
            return null;
        }
        long ts = frame.timestamp;
        if (!camera.isNetworkStream()) {
            pace(ts);
        }
        return new Decoded(converter.convert(frame), ts);
    }

    /** Plays a file at its own speed, as a camera would deliver it. */
    private void pace(long timestampMicros) {
        if (pacingStartMicros == Long.MIN_VALUE) {
            pacingStartMicros = timestampMicros;
            pacingStartNanos = System.nanoTime();
            return;
        }
        long dueNanos = pacingStartNanos + (timestampMicros - pacingStartMicros) * 1000;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        release();
    }

    private void release() {
        if (grabber != null) {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception ignored) {
                // closing a broken stream: nothing more to do
            }
            grabber = null;
        }
    }

    /** FFmpeg's error, in words an operator can act on, with any credentials removed. */
    static String reasonOf(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = ERROR_CODE.matcher(message);
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            String known = switch (code) {
                case -111 -> "connection refused: is the camera on and the port right?";
                case -110 -> "connection timed out: the camera does not answer";
                case -113, -101 -> "no route to the camera: check the address and network";
                case -2 -> "no such file";
                case -13 -> "permission denied";
                case -1094995529 -> "the data is not a video stream FFmpeg can read (invalid data)";
                case -825242872 -> "unauthorized (401): check the camera's user name and password";
                case -858797304 -> "forbidden (403): the camera refused this user";
                case -875574520 -> "stream not found (404): check the path in the camera URL";
                case -1482175736 -> "stream or service not found: check the camera URL";
                default -> null;
            };
            if (known != null) {
                return known;
            }
        }
        return Urls.redact(message).toLowerCase(Locale.ROOT).contains("could not open")
                ? "cannot open stream: " + Urls.redact(message)
                : Urls.redact(message);
    }
}
