package io.footfall.detector;

import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** {@code frames} → {@code faces}, one output record per input frame, keyed by camera id as the input is. Stateless. */
public final class DetectorTopology {

    private DetectorTopology() {}

    public static Topology build(AvroSerdes serdes, FrameDetector frames) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.FRAMES.name(), Consumed.with(serdes.keySerde(Topics.FRAMES), serdes.valueSerde(Topics.FRAMES)))
                .mapValues(frames::apply)
                .to(Topics.FACES.name(), Produced.with(serdes.keySerde(Topics.FACES), serdes.valueSerde(Topics.FACES)));
        return builder.build();
    }
}
