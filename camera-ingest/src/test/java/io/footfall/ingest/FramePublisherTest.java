package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.schema.Frame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** When Kafka is slower than the camera, the oldest frames are dropped and counted; memory stays bounded. */
class FramePublisherTest {

    /** A producer whose send() blocks, as a real one does while its buffer is full. */
    static final class StalledProducer extends MockProducer<String, byte[]> {
        final CountDownLatch release = new CountDownLatch(1);

        StalledProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(record, callback);
        }
    }

    @Test
    void a_slow_kafka_drops_the_oldest_frames_of_the_camera() throws Exception {
        // given a producer that cannot send and a queue of 3 frames
        StalledProducer producer = new StalledProducer();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CameraMetrics metrics = new CameraMetrics("door", meters);
        try (FramePublisher publisher = new FramePublisher("door", producer, (topic, frame) -> new byte[] {(byte) frame.getSequence()},
                metrics, 3)) {
            // when 10 frames arrive (one is taken by the blocked sender, three wait)
            publisher.offer(frame(0));
            Thread.sleep(200);
            for (int i = 1; i < 10; i++) {
                publisher.offer(frame(i));
            }
            // then six were dropped, and once Kafka catches up the newest three follow the first
            assertThat(metrics.droppedQueueFull.count()).isEqualTo(6);
            producer.release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4);
            List<Integer> sent = producer.history().stream().map(r -> (int) r.value()[0]).toList();
            assertThat(sent).containsExactly(0, 7, 8, 9);
            assertThat(producer.history()).allSatisfy(r -> assertThat(r.key()).isEqualTo("door"));
            assertThat(metrics.published.count()).isEqualTo(4);
        }
    }

    static Frame frame(long sequence) {
        return new Frame("door", sequence, Instant.now(), Instant.now(), 2, 2, ByteBuffer.wrap(new byte[] {1}));
    }
}
