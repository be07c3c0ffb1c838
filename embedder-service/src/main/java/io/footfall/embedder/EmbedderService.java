package io.footfall.embedder;

import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.embedder.attributes.AttributeSettings;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ops.Health;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.topics.Topics;
import java.util.List;

/** The embedder as a service: {@code faces} → {@code embeddings} over Kafka Streams, with the model the settings name. */
public final class EmbedderService implements Service {

    public static final String NAME = "embedder";

    private final ServiceContext context;
    private final Embedder embedder;
    private final AttributeEstimator attributes;
    private final StreamsService streams;

    public EmbedderService(ServiceContext context) {
        this(context, EmbedderSettings.embedder(context.config()));
    }

    /** Runs {@code embedder}, which this service then owns and closes, with the attribute nets the settings ask for. */
    public EmbedderService(ServiceContext context, Embedder embedder) {
        this(context, embedder, attributes(context, embedder));
    }

    /** Runs {@code embedder} and {@code attributes} (null: none), which this service then owns and closes. */
    public EmbedderService(ServiceContext context, Embedder embedder, AttributeEstimator attributes) {
        this.context = context;
        this.embedder = embedder;
        this.attributes = attributes;
        EmbedderMetrics metrics = new EmbedderMetrics(context.meters(), embedder.modelId());
        this.streams = new StreamsService(NAME, context, EmbedderTopology.build(context.serdes(), new FrameEmbedder(embedder, attributes, metrics)));
    }

    private static AttributeEstimator attributes(ServiceContext context, Embedder embedder) {
        try {
            return AttributeSettings.estimator(context.config());
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }

    public Embedder embedder() {
        return embedder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        context.ensureTopics(List.of(Topics.FACES, Topics.EMBEDDINGS, Topics.DEAD_LETTERS));
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
        embedder.close();
        if (attributes != null) {
            attributes.close();
        }
    }
}
