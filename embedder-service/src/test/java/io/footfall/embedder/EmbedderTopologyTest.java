package io.footfall.embedder;

import static io.footfall.embedder.Faces.START;
import static io.footfall.embedder.Faces.failed;
import static io.footfall.embedder.Faces.frame;
import static io.footfall.embedder.Faces.passed;
import static io.footfall.embedder.Faces.png;
import static io.footfall.embedder.Faces.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.embedder.ToyModels.Flaw;
import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.streams.DeadLetters;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.AlignedCrop;
import io.footfall.schema.CropEncoding;
import io.footfall.schema.DeadLetter;
import io.footfall.schema.FaceEmbedding;
import io.footfall.schema.FrameEmbeddings;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.RejectReason;
import io.footfall.schemas.registry.InMemorySchemaRegistry;
import io.footfall.schemas.serde.AvroSerdes;
import io.footfall.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderTopologyTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path models;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Embedder embedder;
    TopologyTestDriver driver;
    TestInputTopic<String, FrameFaces> faces;
    TestOutputTopic<String, FrameEmbeddings> embeddings;
    TestOutputTopic<byte[], DeadLetter> deadLetters;

    void start(Flaw flaw) throws Exception {
        embedder = ToyModels.open(models, "dlib-resnet29-128", 150, 128, flaw);
        Config config = Config.of(CoreSettings.all(), Map.of("registry.url", "in-process", "streams.state-dir", stateDir.toString()));
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry(), true);
        var topology = EmbedderTopology.build(serdes, new FrameEmbedder(embedder, new EmbedderMetrics(meters, embedder.modelId())));
        driver = new TopologyTestDriver(topology, StreamsService.streamsConfig("embedder", config, new DeadLetters("footfall-embedder", serdes, meters)), START);
        faces = driver.createInputTopic(Topics.FACES.name(), new StringSerializer(), serdes.valueSerde(Topics.FACES).serializer());
        embeddings = driver.createOutputTopic(Topics.EMBEDDINGS.name(), new StringDeserializer(), serdes.valueSerde(Topics.EMBEDDINGS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), serdes.valueSerde(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void passed_faces_are_embedded_in_one_batch_and_failed_faces_pass_through_without_a_vector() throws Exception {
        start(Flaw.NONE);
        // given a frame with two good faces (one as RGB24, one as PNG) around a blurred one
        faces.pipeInput("door", frame("door", 7, passed(0, rgb(150, 1)), failed(1, RejectReason.BLURRED), passed(2, png(150, 2))), START);

        // then one embeddings record, stamped with the model, one entry per detected face
        var out = embeddings.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("door"));
        FrameEmbeddings e = out.get(0).value;
        assertThat(e.getModelId()).isEqualTo("dlib-resnet29-128");
        assertThat(e.getFrameSequence()).isEqualTo(7);
        assertThat(e.getCapturedAt()).isEqualTo(START.plusMillis(1400));
        assertThat(e.getFaces()).extracting(FaceEmbedding::getIndex).containsExactly(0, 1, 2);
        assertThat(e.getFaces().get(1).getVector()).isNull();
        assertThat(e.getFaces().get(1).getQuality().getRejectReason()).isEqualTo(RejectReason.BLURRED);
        for (int i : new int[] {0, 2}) {
            assertThat(e.getFaces().get(i).getVector()).hasSize(128);
            assertThat(norm(e.getFaces().get(i).getVector())).isCloseTo(1.0, within(1e-5));
        }
        // the PNG crop gives the same vector as its pixels given directly
        float[] direct = embedder.embed(ToyModels.crop(150, 150, 2));
        assertThat(e.getFaces().get(2).getVector().get(5)).isCloseTo(direct[5], within(1e-6f));

        assertThat(meters.get("footfall_embedder_faces_embedded").counter().count()).isEqualTo(2);
        assertThat(meters.get("footfall_embedder_faces_skipped").counter().count()).isEqualTo(1);
        assertThat(meters.get("footfall_embedder_batch_size").summary().count()).isEqualTo(1);
        assertThat(meters.get("footfall_embedder_batch_size").summary().totalAmount()).isEqualTo(2);
        assertThat(meters.get("footfall_embedder_embedding").timer().count()).isEqualTo(1);
    }

    @Test
    void a_frame_without_faces_still_gives_a_record() throws Exception {
        start(Flaw.NONE);
        faces.pipeInput("door", frame("door", 1), START);
        assertThat(embeddings.readValuesToList()).singleElement().satisfies(e -> assertThat(e.getFaces()).isEmpty());
        assertThat(meters.get("footfall_embedder_batch_size").summary().count()).isZero();
    }

    @Test
    void bad_crops_are_dead_lettered_with_the_reason_and_embedding_goes_on() throws Exception {
        start(Flaw.NONE);
        faces.pipeInput("door", frame("door", 1, passed(0, null)), START);
        faces.pipeInput("door", frame("door", 2, passed(0, rgb(112, 1))), START);
        faces.pipeInput("door", frame("door", 3, passed(0, new AlignedCrop(150, 150, CropEncoding.RGB24, ByteBuffer.wrap(new byte[100]), ToyModels.TEMPLATE))), START);
        faces.pipeInput("door", frame("door", 4, passed(0, new AlignedCrop(150, 150, CropEncoding.JPEG, ByteBuffer.wrap(new byte[] {1, 2, 3}), ToyModels.TEMPLATE))), START);
        faces.pipeInput("door", frame("door", 5, passed(0, AlignedCrop.newBuilder(rgb(150, 1)).setTemplateId("arcface-112").build())), START);
        faces.pipeInput("door", frame("door", 6, passed(0, rgb(150, 1))), START);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("camera 'door' frame 1, face 0 passed the quality gates but has no crop"),
                r -> assertThat(r).contains("crop is 112×112", "takes 150×150"),
                r -> assertThat(r).contains("must have 67500 bytes, has 100"),
                r -> assertThat(r).contains("JPEG crop cannot be decoded"),
                r -> assertThat(r).contains("aligned to template 'arcface-112'", "expects 'dlib-chip-150-pad0.25'"));
        assertThat(embeddings.readValuesToList()).extracting(FrameEmbeddings::getFrameSequence).containsExactly(6L);
    }

    @Test
    void a_model_that_outputs_nan_dead_letters_the_frame_instead_of_publishing_garbage() throws Exception {
        start(Flaw.NAN);
        faces.pipeInput("door", frame("door", 1, passed(0, rgb(150, 1))), START);
        faces.pipeInput("door", frame("door", 2, failed(0, RejectReason.TOO_SMALL)), START);
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .singleElement().satisfies(r -> assertThat(r).contains("camera 'door' frame 1", "non-finite"));
        // a frame with nothing to embed never reaches the model, so it still flows
        assertThat(embeddings.readValuesToList()).extracting(FrameEmbeddings::getFrameSequence).containsExactly(2L);
    }

    @Test
    void a_model_that_outputs_the_wrong_dimension_dead_letters_the_frame() throws Exception {
        start(Flaw.WRONG_DIMENSION);
        faces.pipeInput("door", frame("door", 1, passed(0, rgb(150, 1)), passed(1, rgb(150, 2))), START);
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .singleElement().satisfies(r -> assertThat(r).contains("returned shape [2, 64]"));
        assertThat(embeddings.readValuesToList()).isEmpty();
    }

    static double norm(List<Float> v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s);
    }
}
