package io.footfall.detector;

import io.footfall.runtime.streams.PoisonRecordException;
import io.footfall.schema.AlignedCrop;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.CropEncoding;
import io.footfall.schema.DetectedFace;
import io.footfall.schema.Frame;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.Point;
import io.footfall.schema.QualityVerdict;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** One frame to one faces record: every face found, passed ones with their aligned crop; a bad frame is poison. */
public final class FrameDetector {

    private final FaceFinder detector;
    private final FrameDecoder decoder;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private final StillScenes still;
    private final SceneCuts cuts;

    public FrameDetector(FaceFinder detector, FrameDecoder decoder, DetectorMetrics metrics, Clock clock) {
        this(detector, decoder, metrics, clock, StillScenes.off(), SceneCuts.off());
    }

    /**
     * With frames of an unchanged empty scene answered without detection, and shot cuts marked on the
     * frame that starts a new shot.
     */
    public FrameDetector(FaceFinder detector, FrameDecoder decoder, DetectorMetrics metrics, Clock clock, StillScenes still, SceneCuts cuts) {
        this.detector = detector;
        this.decoder = decoder;
        this.metrics = metrics;
        this.clock = clock;
        this.still = still;
        this.cuts = cuts;
    }

    public FrameFaces apply(Frame frame) {
        long start = System.nanoTime();
        byte[] jpeg = new byte[frame.getJpeg().remaining()];
        frame.getJpeg().duplicate().get(jpeg);
        List<DetectedFaceResult> found;
        int width, height;
        Mat thumbnail = null;
        boolean cut = false;
        try {
            long captured = frame.getCapturedAt().toEpochMilli();
            if (still.enabled() || cuts.enabled()) {
                thumbnail = decoder.decodeGreyEighth(jpeg);
                cut = cuts.cut(frame.getCameraId(), thumbnail, captured);
                if (cut) {
                    metrics.sceneCut();
                }
            }
            if (still.enabled()) {
                StillScenes.Still same = still.unchanged(frame.getCameraId(), thumbnail, captured);
                if (same != null) {
                    long nanos = System.nanoTime() - start;
                    metrics.still(nanos);
                    return result(frame, same.frameWidth(), same.frameHeight(), nanos, List.of(), cut);
                }
            }
            try (Mat bgr = decoder.decode(jpeg)) {
                width = bgr.cols();
                height = bgr.rows();
                found = detector.detect(bgr);
            }
            if (thumbnail != null) {
                still.detected(frame.getCameraId(), thumbnail, width, height, captured, found.isEmpty());
            }
        } catch (FrameDecoder.BadFrameException e) {
            throw new PoisonRecordException("camera '" + frame.getCameraId() + "' frame " + frame.getSequence() + ": " + e.getMessage(), e);
        } finally {
            if (thumbnail != null) {
                thumbnail.close();
            }
        }
        List<DetectedFace> faces = new ArrayList<>(found.size());
        for (DetectedFaceResult r : found) {
            MtcnnFace f = r.face();
            List<Point> landmarks = new ArrayList<>(5);
            for (double[] p : f.landmarks()) {
                landmarks.add(new Point((float) p[0], (float) p[1]));
            }
            if (!r.passed()) {
                metrics.rejected(r.rejectReason());
            }
            AlignedCrop crop = r.passed()
                    ? new AlignedCrop(r.cropWidth(), r.cropHeight(), CropEncoding.RGB24, ByteBuffer.wrap(r.crop()), r.templateId())
                    : null;
            faces.add(DetectedFace.newBuilder()
                    .setIndex(faces.size())
                    .setBox(new BoundingBox((float) f.x(), (float) f.y(), (float) f.width(), (float) f.height()))
                    .setScore((float) f.score())
                    .setLandmarks(landmarks)
                    .setQuality(new QualityVerdict(r.passed(), r.rejectReason(), Double.isNaN(r.blurScore()) ? null : (float) r.blurScore()))
                    .setCrop(crop)
                    .build());
        }
        long nanos = System.nanoTime() - start;
        metrics.frame(nanos, faces.size());
        return result(frame, width, height, nanos, faces, cut);
    }

    private FrameFaces result(Frame frame, int width, int height, long nanos, List<DetectedFace> faces, boolean sceneCut) {
        return FrameFaces.newBuilder()
                .setCameraId(frame.getCameraId())
                .setFrameSequence(frame.getSequence())
                .setCapturedAt(frame.getCapturedAt())
                .setFrameWidth(width)
                .setFrameHeight(height)
                .setDetectedAt(clock.instant())
                .setDetectionMicros(nanos / 1000)
                .setFaces(faces)
                .setSceneCut(sceneCut)
                .build();
    }
}
