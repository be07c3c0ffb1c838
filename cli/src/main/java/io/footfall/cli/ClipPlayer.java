package io.footfall.cli;

import io.footfall.detector.DetectorMetrics;
import io.footfall.detector.FrameDecoder;
import io.footfall.detector.FrameDetector;
import io.footfall.detector.DetectorSettings;
import io.footfall.embedder.EmbedderMetrics;
import io.footfall.embedder.FrameEmbedder;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.eval.VideoScore;
import io.footfall.ingest.FrameSampler;
import io.footfall.ingest.IngestSettings;
import io.footfall.ingest.JpegEncoder;
import io.footfall.matcher.CameraTracker;
import io.footfall.matcher.EmbeddedFaces;
import io.footfall.matcher.FrameCadence;
import io.footfall.matcher.Gallery;
import io.footfall.matcher.IdentityVote;
import io.footfall.matcher.MatcherRules;
import io.footfall.matcher.Track;
import io.footfall.matcher.VisitorRegistry;
import io.footfall.runtime.config.Config;
import io.footfall.schema.DetectedFace;
import io.footfall.schema.Frame;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * Plays a video file once through the pipeline's own classes, offline: ingest's frame sampling and JPEG encoding, the
 * detector service's per-frame detection and quality gates, the embedder service's per-frame embedding, and the
 * matcher's tracking, identity vote and anonymous-visitor clustering. As fast as the machine goes (no pacing),
 * deterministic for the same input and settings, no broker. The caller owns (and closes) the models.
 */
final class ClipPlayer {

    /** A clip that could not be read. */
    static final class UnreadableClipException extends IOException {
        UnreadableClipException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the clip gave: its visits and what the pipeline saw. */
    record Played(List<VideoScore.Visit> visits, VideoScore.Counters counters, double videoSeconds, double seconds) {}

    /** Capture times start here, so that track and visitor ids are the same on every run. */
    static final long EPOCH_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final Config config;
    private final MatcherRules rules;
    private final Gallery gallery;
    private final FrameDetector detector;
    private final FrameEmbedder embedder;

    ClipPlayer(PhotoFaces faces, Config config, Gallery gallery) {
        this.config = config;
        this.rules = MatcherRules.from(config);
        this.gallery = gallery;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // the detector and embedder services' per-record classes; still-scene skipping and shot cuts as the detector service has them
        this.detector = new FrameDetector(faces.detector(), new FrameDecoder(DetectorSettings.limits(config)), new DetectorMetrics(meters),
                Clock.systemUTC(), DetectorSettings.stillScenes(config), DetectorSettings.sceneCuts(config));
        this.embedder = new FrameEmbedder(faces.embedder(), new EmbedderMetrics(meters, faces.modelId()));
    }

    /** Plays {@code clip} as camera {@code cameraId}, with a matcher state of its own (no visitor known before). */
    Played play(Path clip, String cameraId) throws IOException {
        long started = System.nanoTime();
        double fps = config.get(IngestSettings.DEFAULT_FPS);
        VisitorRegistry visitors = new VisitorRegistry(rules.visitorThreshold(), rules.visitorRetention());
        IdentityVote vote = new IdentityVote(gallery, rules.thresholds(), visitors, rules.votes());
        CameraTracker tracker = new CameraTracker(cameraId, rules.tracking());
        FrameCadence cadence = new FrameCadence();
        FrameSampler sampler = new FrameSampler(fps);
        List<CameraTracker.Visit> visits = new ArrayList<>();
        int found = 0, embedded = 0, cuts = 0;
        Map<String, Integer> gated = new TreeMap<>();
        long lastCaptured = EPOCH_MILLIS;
        long lastTimestamp = 0;
        int frames = 0;
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             JpegEncoder jpeg = new JpegEncoder(config.get(IngestSettings.DEFAULT_MAX_WIDTH),
                     config.get(IngestSettings.DEFAULT_JPEG_QUALITY))) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new UnreadableClipException(clip + " cannot be read as a video: " + e.getMessage(), e);
            }
            while (true) {
                org.bytedeco.javacv.Frame decoded;
                try {
                    decoded = grabber.grabImage();
                } catch (FrameGrabber.Exception e) {
                    throw new UnreadableClipException(clip + ": decoding failed after " + frames + " frames: " + e.getMessage(), e);
                }
                if (decoded == null || decoded.image == null) {
                    break;
                }
                lastTimestamp = decoded.timestamp;
                if (!sampler.keep(decoded.timestamp)) {
                    continue;
                }
                long captured = EPOCH_MILLIS + decoded.timestamp / 1000;
                JpegEncoder.Encoded encoded = jpeg.encode(converter.convert(decoded));
                Frame frame = new Frame(cameraId, (long) frames++, Instant.ofEpochMilli(captured), Instant.ofEpochMilli(captured), encoded.width(),
                        encoded.height(), ByteBuffer.wrap(encoded.jpeg()));
                FrameFaces detected = detector.apply(frame);
                FrameEmbeddings embeddings = embedder.apply(detected);
                for (DetectedFace f : detected.getFaces()) {
                    found++;
                    if (f.getQuality().getPassed()) {
                        embedded++;
                    } else {
                        gated.merge(f.getQuality().getRejectReason().name(), 1, Integer::sum);
                    }
                }
                lastCaptured = captured;
                cuts += embeddings.getSceneCut() ? 1 : 0;
                visits.addAll(tracker.observe(captured, cadence.unobserved(captured), embeddings.getSceneCut(), EmbeddedFaces.of(embeddings, rules),
                        vote));
            }
            if (frames == 0) {
                throw new UnreadableClipException(clip + " has no video frame", null);
            }
        }
        // the clip is over: every track still open ends as it would after the track gap
        visits.addAll(tracker.expire(lastCaptured + rules.tracking().maxGap().toMillis() + 1, vote));
        List<VideoScore.Visit> entered = new ArrayList<>();
        for (CameraTracker.Visit v : visits) {
            if (!v.entered()) {
                continue;
            }
            Track t = v.track();
            Track.Decision d = t.decision();
            entered.add(new VideoScore.Visit(t.id(), d.known(), d.known() ? d.identityId() : d.visitorId(), d.known() ? d.displayName() : null,
                    t.firstSeenMillis(), t.lastSeenMillis(), t.faceCount()));
        }
        return new Played(entered, new VideoScore.Counters(frames, found, embedded, gated, cuts), lastTimestamp / 1e6,
                (System.nanoTime() - started) / 1e9);
    }
}
