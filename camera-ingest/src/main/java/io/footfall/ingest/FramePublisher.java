package io.footfall.ingest;

import io.footfall.schema.Frame;
import io.footfall.topics.Topics;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one camera's frames to Kafka through a small bounded queue. When Kafka is slower than the
 * camera, the oldest queued frame is dropped and counted, so memory stays bounded and what does get
 * through is the freshest picture.
 */
final class FramePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);

    private final String camera;
    private final Producer<String, byte[]> producer;
    private final Serializer<Frame> serializer;
    private final CameraMetrics metrics;
    private final int capacity;
    private final Deque<Frame> queue = new ArrayDeque<>();
    private final Thread sender;
    private volatile boolean running = true;

    FramePublisher(String camera, Producer<String, byte[]> producer, Serializer<Frame> serializer, CameraMetrics metrics, int capacity) {
        this.camera = camera;
        this.producer = producer;
        this.serializer = serializer;
        this.metrics = metrics;
        this.capacity = capacity;
        this.sender = new Thread(this::sendLoop, "ingest-publish-" + camera);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues a frame, dropping the oldest queued one if the queue is full. */
    void offer(Frame frame) {
        synchronized (queue) {
            if (queue.size() >= capacity) {
                queue.pollFirst();
                metrics.droppedQueueFull.increment();
            }
            queue.addLast(frame);
            queue.notifyAll();
        }
    }

    private void sendLoop() {
        while (true) {
            Frame frame;
            synchronized (queue) {
                while (queue.isEmpty() && running) {
                    try {
                        queue.wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                frame = queue.pollFirst();
            }
            if (frame == null) {
                if (!running) {
                    return; // stopped and drained
                }
                continue;
            }
            try {
                byte[] value = serializer.serialize(Topics.FRAMES.name(), frame);
                // send() blocks only while the producer's buffer is full: exactly when frames should queue and drop.
                producer.send(new ProducerRecord<>(Topics.FRAMES.name(), camera, value), (metadata, error) -> {
                    if (error == null) {
                        metrics.published.increment();
                        metrics.frameBytes.record(value.length);
                    } else {
                        metrics.droppedPublishFailed.increment();
                        log.warn("Camera {}: frame {} not published: {}", camera, frame.getSequence(), error.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                metrics.droppedPublishFailed.increment();
                log.warn("Camera {}: frame {} not published: {}", camera, frame.getSequence(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
