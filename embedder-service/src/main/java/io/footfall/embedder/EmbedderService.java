package io.footfall.embedder;

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
    private final StreamsService streams;

    public EmbedderService(ServiceContext context) {
        this(context, EmbedderSettings.embedder(context.config()));
    }

    /** Runs {@code embedder}, which this service then owns and closes. */
    public EmbedderService(ServiceContext context, Embedder embedder) {
        this.context = context;
        this.embedder = embedder;
        EmbedderMetrics metrics = new EmbedderMetrics(context.meters(), embedder.modelId());
        this.streams = new StreamsService(NAME, context, EmbedderTopology.build(context.serdes(), new FrameEmbedder(embedder, metrics)));
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
    }
}
