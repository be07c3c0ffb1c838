package io.footfall.embedder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** What operators watch on the embedder: inference time per frame, faces embedded or passed through, batch sizes. */
public final class EmbedderMetrics {

    private final Timer embedding;
    private final Counter embedded;
    private final Counter skipped;
    private final DistributionSummary batch;
    private final Timer attributes;

    public EmbedderMetrics(MeterRegistry meters, String modelId) {
        embedding = Timer.builder("footfall_embedder_embedding").description("Time of one frame's batched embedding run (preprocessing included)")
                .tag("model", modelId).publishPercentileHistogram().register(meters);
        embedded = Counter.builder("footfall_embedder_faces_embedded").description("Faces embedded")
                .tag("model", modelId).register(meters);
        skipped = Counter.builder("footfall_embedder_faces_skipped").description("Faces that failed the detector's quality gates, passed through without a vector")
                .register(meters);
        batch = DistributionSummary.builder("footfall_embedder_batch_size").description("Faces embedded in one run (one frame)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(meters);
        attributes = Timer.builder("footfall_embedder_attributes").description("Time of one frame's age, gender and expression estimates "
                + "(both nets, all its embedded faces; attributes.enabled)").publishPercentileHistogram().register(meters);
    }

    void estimated(int faces, long nanos) {
        attributes.record(nanos, TimeUnit.NANOSECONDS);
    }

    void embedded(int faces, long nanos) {
        embedding.record(nanos, TimeUnit.NANOSECONDS);
        embedded.increment(faces);
        batch.record(faces);
    }

    void skipped(int faces) {
        skipped.increment(faces);
    }
}
