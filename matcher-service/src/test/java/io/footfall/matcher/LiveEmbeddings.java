package io.footfall.matcher;

import io.footfall.schema.BoundingBox;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FootfallCount;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.QualityVerdict;
import io.footfall.schema.RecognitionEvent;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.testing.TestKafka;
import io.footfall.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Embeddings captured now for the matcher's integration tests, and a reader of what the matcher writes. */
final class LiveEmbeddings {

    private LiveEmbeddings() {}

    /** One frame with one face of {@code person} (slightly noisy), or no face when it is null, captured now. */
    static FrameEmbeddings frameNow(String camera, long sequence, float[] person, Random random) {
        Instant now = Instant.now();
        List<FaceEmbedding> faces = new ArrayList<>();
        if (person != null) {
            List<Float> v = new ArrayList<>();
            for (float x : person) {
                v.add(x + (float) random.nextGaussian() * 0.02f);
            }
            faces.add(new FaceEmbedding(0, new BoundingBox(100f, 100f, 80f, 80f), 0.99f, new QualityVerdict(true, null, 100f), v, null));
        }
        return FrameEmbeddings.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCapturedAt(now)
                .setFrameWidth(640).setFrameHeight(480).setModelId("dlib-resnet29-128").setEmbeddedAt(now)
                .setEmbeddingMicros(faces.isEmpty() ? 0 : 1000).setFaces(faces).build();
    }

    /** Collects, on a daemon thread, the committed events (and counts, if {@code counts} is not null) of one camera. */
    static Thread read(AvroSerdes serdes, String camera, List<RecognitionEvent> events, List<FootfallCount> counts) {
        var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "group.id", "reader-" + camera, "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(counts == null ? List.of(Topics.RECOGNITION_EVENTS.name())
                : List.of(Topics.RECOGNITION_EVENTS.name(), Topics.FOOTFALL_COUNTS.name()));
        var eventSerde = serdes.valueSerde(Topics.RECOGNITION_EVENTS).deserializer();
        var countSerde = serdes.valueSerde(Topics.FOOTFALL_COUNTS).deserializer();
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        if (!camera.equals(r.key())) {
                            return;
                        }
                        if (r.topic().equals(Topics.RECOGNITION_EVENTS.name())) {
                            events.add(eventSerde.deserialize(r.topic(), r.value()));
                        } else {
                            counts.add(countSerde.deserialize(r.topic(), r.value()));
                        }
                    });
                }
            } catch (org.apache.kafka.common.errors.InterruptException done) {
                // the test is over
            }
        }, "events-" + camera);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
