package io.footfall.embedder.attributes;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.footfall.embedder.EmbeddingException;
import io.footfall.embedder.FaceCrop;
import io.footfall.embedder.Preprocessing;
import io.footfall.models.BuiltInModel;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelLoader;
import io.footfall.models.OnnxSessions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Age, gender and expression of face crops, from face-api.js's age/gender and expression nets (the built-in models
 * {@code face-api-age-gender} and {@code face-api-expression}). It takes the crops the embedder takes: the aligned
 * 150×150 face chips the detector publishes. The centre {@code chipCrop} of each chip (a share of its width and height;
 * by default the whole chip, which measured closest to face-api.js on its own face boxes and gave the lowest age error:
 * docs/ACCURACY.md) is padded to a square and resized to 112×112 the way face-api.js does ({@link Preprocessing}). A
 * batch of crops is one ONNX Runtime run per net. Thread-safe: the sessions are shared and every call has its own buffers.
 */
public final class AttributeEstimator implements AutoCloseable {

    /**
     * The default share of the chip's width and height given to the nets: closest to what face-api.js estimates from
     * its own face boxes of the same photos (docs/ACCURACY.md, "Demographics").
     */
    public static final double DEFAULT_CHIP_CROP = 1.0;

    private static final int SIZE = 112;
    private static final int EXPRESSIONS = Expression.values().length;

    private final OrtSession ageGender;
    private final OrtSession expression;
    private final OnnxSessions owned;
    private final Preprocessing ageGenderInput;
    private final Preprocessing expressionInput;
    private final double chipCrop;

    private AttributeEstimator(ModelLoader.LoadedModel ageGender, ModelLoader.LoadedModel expression, OnnxSessions owned, double chipCrop) {
        if (!(chipCrop > 0 && chipCrop <= 1)) {
            throw new IllegalArgumentException("the chip crop is a fraction of the chip in (0, 1], got " + chipCrop);
        }
        this.ageGender = ageGender.session();
        this.expression = expression.session();
        this.owned = owned;
        this.ageGenderInput = new Preprocessing(ageGender.descriptor().input());
        this.expressionInput = new Preprocessing(expression.descriptor().input());
        this.chipCrop = chipCrop;
    }

    /** The built-in nets from {@code cache} (see {@code footfall models fetch}), on the centre {@link #DEFAULT_CHIP_CROP} of each chip. */
    public static AttributeEstimator builtIn(ModelCache cache, OnnxSessions.Options onnx) throws IOException {
        return builtIn(cache, onnx, DEFAULT_CHIP_CROP);
    }

    /** The built-in nets on the centre {@code chipCrop} (0..1] of each chip's width and height; 1 gives them the whole chip. */
    public static AttributeEstimator builtIn(ModelCache cache, OnnxSessions.Options onnx, double chipCrop) throws IOException {
        Object[] result = new Object[1];
        // ONNX Runtime's start needs more native stack than a default JVM thread has (see Embedder)
        Thread loader = new Thread(null, () -> {
            OnnxSessions sessions = new OnnxSessions();
            try {
                ModelLoader loaderOf = new ModelLoader(sessions);
                result[0] = new AttributeEstimator(loaderOf.load(cache, BuiltInModel.AGE_GENDER, onnx),
                        loaderOf.load(cache, BuiltInModel.EXPRESSION, onnx), sessions, chipCrop);
            } catch (IOException | RuntimeException e) {
                sessions.close();
                result[0] = e;
            }
        }, "footfall-attributes-load", 64L << 20);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the attribute models", e);
        }
        if (result[0] instanceof IOException e) {
            throw e;
        }
        if (result[0] instanceof RuntimeException e) {
            throw e;
        }
        return (AttributeEstimator) result[0];
    }

    public double chipCrop() {
        return chipCrop;
    }

    public FaceAttributes estimate(FaceCrop crop) {
        return estimate(List.of(crop)).get(0);
    }

    /** One run of each net for all {@code crops}; one result per crop, in order. */
    public List<FaceAttributes> estimate(List<FaceCrop> crops) {
        if (crops.isEmpty()) {
            return List.of();
        }
        int n = crops.size();
        int plane = 3 * SIZE * SIZE;
        float[] ageGenderBatch = new float[n * plane];
        float[] expressionBatch = new float[n * plane];
        for (int i = 0; i < n; i++) {
            FaceCrop face = centre(crops.get(i), chipCrop);
            ageGenderInput.write(face, ageGenderBatch, i * plane);
            expressionInput.write(face, expressionBatch, i * plane);
        }
        Map<String, float[]> ag = run(ageGender, "face-api-age-gender", ageGenderBatch, n, "age", "gender");
        float[] scores = run(expression, "face-api-expression", expressionBatch, n, "expressions").get("expressions");
        float[] ages = ag.get("age");
        float[] genders = ag.get("gender");
        check(ages.length == n && genders.length == 2 * n && scores.length == EXPRESSIONS * n,
                "the attribute nets returned " + ages.length + " ages, " + genders.length / 2 + " gender pairs and " + scores.length / EXPRESSIONS
                        + " expression rows for " + n + " crop(s)");
        List<FaceAttributes> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] expr = new float[EXPRESSIONS];
            System.arraycopy(scores, i * EXPRESSIONS, expr, 0, EXPRESSIONS);
            out.add(attributes(ages[i], genders[2 * i], genders[2 * i + 1], expr, i));
        }
        return out;
    }

    /** The nets' raw outputs for one face as {@link FaceAttributes}: face-api.js calls a face male when P(male) > 0.5. */
    static FaceAttributes attributes(float age, float male, float female, float[] expressions, int index) {
        boolean finite = Float.isFinite(age) && Float.isFinite(male) && Float.isFinite(female);
        int best = 0;
        for (int k = 0; k < expressions.length; k++) {
            finite &= Float.isFinite(expressions[k]);
            if (expressions[k] > expressions[best]) {
                best = k;
            }
        }
        check(finite, "the attribute nets returned a non-finite value for crop " + index + "; the model or its input is broken");
        boolean isMale = male > 0.5f;
        return new FaceAttributes(Math.max(0, age), isMale ? Gender.MALE : Gender.FEMALE, isMale ? male : female,
                Expression.values()[best], expressions);
    }

    /** The centre {@code fraction} of the crop's width and height (the whole crop at 1). */
    static FaceCrop centre(FaceCrop crop, double fraction) {
        int w = Math.max(1, (int) Math.round(crop.width() * fraction));
        int h = Math.max(1, (int) Math.round(crop.height() * fraction));
        if (w == crop.width() && h == crop.height()) {
            return crop;
        }
        int x0 = (crop.width() - w) / 2, y0 = (crop.height() - h) / 2;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(crop.rgb(), ((y0 + y) * crop.width() + x0) * 3, rgb, y * w * 3, w * 3);
        }
        return new FaceCrop(w, h, rgb);
    }

    private static Map<String, float[]> run(OrtSession session, String model, float[] input, int n, String... outputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, 3, SIZE, SIZE});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            Map<String, float[]> values = new java.util.HashMap<>();
            for (String name : outputs) {
                OnnxValue value = result.get(name).orElseThrow(() -> new EmbeddingException("model '" + model + "' returned no output '" + name + "'"));
                FloatBuffer fb = value instanceof OnnxTensor t ? t.getFloatBuffer() : null;
                if (fb == null) {
                    throw new EmbeddingException("model '" + model + "' output '" + name + "' is not a float32 tensor");
                }
                float[] v = new float[fb.remaining()];
                fb.get(v);
                values.put(name, v);
            }
            return values;
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed to run model '" + model + "' on " + n + " crop(s): " + e.getMessage(), e);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new EmbeddingException(message);
        }
    }

    /** Closes the sessions this estimator opened. */
    @Override
    public void close() {
        owned.close();
    }
}
