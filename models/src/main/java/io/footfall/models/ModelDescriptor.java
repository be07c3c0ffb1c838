package io.footfall.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a caller must know to feed an ONNX model and read its result, stored as JSON beside the model file
 * ({@code name.onnx} + {@code name.json}).
 *
 * @param name       stable id, recorded with every embedding so embeddings of different models are never compared
 * @param role       {@code embedder}, {@code detector-pnet}, {@code detector-rnet}, {@code detector-onet} or {@code attributes}
 * @param file       the ONNX file name, relative to this descriptor
 * @param sha256     of the ONNX file, or null for a user's model (then not checked)
 * @param input      tensor name, size and preprocessing
 * @param outputs    output tensor names in the order the model's user reads them; the first is the main one
 * @param dimension  the embedding length (embedders), 0 otherwise
 * @param alignment  the 5-point template crops are aligned to (embedders), null otherwise
 * @param thresholds default decision thresholds; {@code calibrated=false} marks placeholders
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescriptor(
        String name,
        String role,
        String file,
        String sha256,
        Input input,
        List<String> outputs,
        int dimension,
        Alignment alignment,
        Thresholds thresholds,
        String source,
        String licence) {

    /**
     * @param name     the input tensor's name
     * @param layout   always {@code NCHW}
     * @param width    pixels, or 0 for any width (P-Net)
     * @param height   pixels, or 0 for any height
     * @param channels {@code RGB} or {@code BGR}: the order of the three input planes
     * @param mean     subtracted per channel (in {@code channels} order), on 0..255 pixel values
     * @param std      then divided by, per channel
     */
    public record Input(String name, String layout, int width, int height, String channels, double[] mean, double[] std) {}

    /** Five points (left eye, right eye, nose tip, left and right mouth corner, in image left/right) at width×height. */
    public record Alignment(String template, int width, int height, double[][] points, String note) {}

    /** Named thresholds, e.g. {@code match} (embedder) or {@code stage1} (detector). */
    public record Thresholds(String metric, Map<String, Double> values, boolean calibrated, String note) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelDescriptor read(Path json) throws IOException {
        ModelDescriptor d;
        try {
            d = JSON.readValue(json.toFile(), ModelDescriptor.class);
        } catch (IOException e) {
            throw new IOException("model descriptor " + json + " is not valid JSON for a descriptor: " + e.getMessage(), e);
        }
        List<String> problems = d.problems();
        if (!problems.isEmpty()) {
            throw new IOException("model descriptor " + json + " is incomplete: " + String.join("; ", problems));
        }
        return d;
    }

    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path json) throws IOException {
        Files.write(json, toJson());
    }

    public ModelDescriptor withSha256(String sha) {
        return new ModelDescriptor(name, role, file, sha, input, outputs, dimension, alignment, thresholds, source, licence);
    }

    /** Missing or inconsistent fields, each as a sentence fragment a user can act on. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (name == null || name.isBlank()) p.add("'name' is missing");
        if (file == null || file.isBlank()) p.add("'file' (the ONNX file name) is missing");
        if (role == null) p.add("'role' is missing (embedder, detector-pnet, detector-rnet or detector-onet)");
        if (input == null) {
            p.add("'input' is missing");
        } else {
            if (input.name() == null) p.add("'input.name' is missing");
            if (!"RGB".equals(input.channels()) && !"BGR".equals(input.channels())) p.add("'input.channels' must be RGB or BGR");
            if (input.mean() == null || input.mean().length != 3) p.add("'input.mean' must hold 3 numbers");
            if (input.std() == null || input.std().length != 3) p.add("'input.std' must hold 3 numbers");
            else for (double s : input.std()) if (s == 0) p.add("'input.std' must not contain 0");
            if (input.width() < 0 || input.height() < 0) p.add("'input.width/height' must be positive (or 0 for any)");
        }
        if (outputs == null || outputs.isEmpty()) p.add("'outputs' must name at least one output tensor");
        if ("embedder".equals(role)) {
            if (dimension <= 0) p.add("'dimension' (embedding length) must be positive for an embedder");
            if (input != null && (input.width() <= 0 || input.height() <= 0)) p.add("an embedder needs a fixed 'input.width' and 'input.height'");
            if (alignment == null || alignment.points() == null || alignment.points().length != 5) {
                p.add("an embedder needs an 'alignment' with 5 template points");
            }
        }
        return p;
    }
}
