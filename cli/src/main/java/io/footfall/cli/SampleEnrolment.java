package io.footfall.cli;

import io.footfall.detector.DetectedFaceResult;
import io.footfall.detector.Detector;
import io.footfall.embedder.Embedder;
import io.footfall.embedder.FaceCrop;
import io.footfall.runtime.ServiceContext;
import io.footfall.schema.FaceTemplate;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Enrols the person of the demo's sample video from a few of its frames, with the same detector
 * and embedder as the live pipeline, so the demo can show a known person being recognised.
 */
final class SampleEnrolment {

    static final String IDENTITY_ID = "sample-franck";
    static final String DISPLAY_NAME = "Franck (sample)";

    private SampleEnrolment() {}

    /** Returns how many frames gave a template. */
    static int enrol(Path video, Detector detector, Embedder embedder, ServiceContext context) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // no FFmpeg stream dump on the console
        List<FaceTemplate> templates = new ArrayList<>();
        Instant now = Instant.now();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (long second : new long[] {30, 90, 150}) {
                grabber.setTimestamp(second * 1_000_000L);
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    continue;
                }
                Mat bgr = converter.convert(frame);
                for (DetectedFaceResult face : detector.detect(bgr)) {
                    if (face.passed()) {
                        float[] vector = embedder.embed(new FaceCrop(face.cropWidth(), face.cropHeight(), face.crop()));
                        List<Float> values = new ArrayList<>(vector.length);
                        for (float v : vector) {
                            values.add(v);
                        }
                        templates.add(new FaceTemplate("sample-" + second + "s", values, video.getFileName() + " at " + second + " s", now));
                        break;
                    }
                }
            }
        }
        if (templates.isEmpty()) {
            return 0;
        }
        Identity identity = Identity.newBuilder().setIdentityId(IDENTITY_ID).setDisplayName(DISPLAY_NAME).setModelId(embedder.modelId())
                .setTemplates(templates).setCreatedAt(now).setUpdatedAt(now).setMetadata(Map.of("source", "demo sample video")).build();
        try (KafkaProducer<String, byte[]> producer = context.producer(Topics.IDENTITIES, "footfall-demo-enrol", Map.of())) {
            producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), IDENTITY_ID,
                    context.serdes().valueSerde(Topics.IDENTITIES).serializer().serialize(Topics.IDENTITIES.name(), identity))).get();
        }
        return templates.size();
    }
}
