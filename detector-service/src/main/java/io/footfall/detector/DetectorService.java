package io.footfall.detector;

import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ops.Health;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.topics.Topics;
import java.time.Clock;
import java.util.List;

/** The detector as a service: {@code frames} → {@code faces} over Kafka Streams, with the settings' MTCNN and gates. */
public final class DetectorService implements Service {

    public static final String NAME = "detector";

    private final ServiceContext context;
    private final AutoCloseable detector;
    private final StreamsService streams;

    public DetectorService(ServiceContext context) {
        this(context, DetectorSettings.detector(context.config()));
    }

    /** Runs {@code detector}, which this service then owns and closes. */
    public DetectorService(ServiceContext context, Detector detector) {
        this(context, detector, detector);
    }

    DetectorService(ServiceContext context, FaceFinder finder, AutoCloseable owned) {
        this.context = context;
        this.detector = owned;
        FrameDetector frames = new FrameDetector(finder, new FrameDecoder(DetectorSettings.limits(context.config())),
                new DetectorMetrics(context.meters()), Clock.systemUTC(), DetectorSettings.stillScenes(context.config()),
                DetectorSettings.sceneCuts(context.config()));
        this.streams = new StreamsService(NAME, context, DetectorTopology.build(context.serdes(), frames));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        context.ensureTopics(List.of(Topics.FRAMES, Topics.FACES, Topics.DEAD_LETTERS));
        streams.start();
    }

    @Override
    public Health health() {
        return streams.health();
    }

    public StreamsService streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close();
        try {
            detector.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the detector failed", e);
        }
    }
}
