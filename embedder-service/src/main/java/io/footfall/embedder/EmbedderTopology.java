package io.footfall.embedder;

import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** {@code faces} → {@code embeddings}, one output record per input frame, keyed by camera id as the input is. Stateless. */
public final class EmbedderTopology {

    private EmbedderTopology() {}

    public static Topology build(AvroSerdes serdes, FrameEmbedder frames) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.FACES.name(), Consumed.with(serdes.keySerde(Topics.FACES), serdes.valueSerde(Topics.FACES)))
                .mapValues(frames::apply)
                .to(Topics.EMBEDDINGS.name(), Produced.with(serdes.keySerde(Topics.EMBEDDINGS), serdes.valueSerde(Topics.EMBEDDINGS)));
        return builder.build();
    }
}
