package io.footfall.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The tensors of a TensorFlow.js weights manifest, as float32: shards are concatenated in manifest order and
 * uint8-quantised tensors are dequantised as {@code q * scale + min}, exactly as {@code tf.io.decodeWeights} does.
 */
public final class TfjsWeights {

    /** One named tensor; {@code shape} is the TensorFlow shape (HWIO for convolution kernels). */
    public record Tensor(String name, int[] shape, float[] data) {
        public int size() {
            return data.length;
        }
    }

    private final Map<String, Tensor> tensors;

    private TfjsWeights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /**
     * @param manifestJson the {@code *-weights_manifest.json} contents
     * @param shards       shard contents by the path the manifest names (e.g. {@code mtcnn_model-shard1})
     */
    public static TfjsWeights parse(byte[] manifestJson, Function<String, byte[]> shards) throws IOException {
        JsonNode groups = new ObjectMapper().readTree(manifestJson);
        if (groups == null || !groups.isArray()) {
            throw new IOException("weights manifest is not a JSON array of weight groups");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (JsonNode path : group.path("paths")) {
                byte[] shard = shards.apply(path.asText());
                if (shard == null) {
                    throw new IOException("weight shard " + path.asText() + " named in the manifest is missing");
                }
                joined.writeBytes(shard);
            }
            ByteBuffer buffer = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                Tensor t = decode(w, buffer);
                tensors.put(t.name(), t);
            }
            if (buffer.hasRemaining()) {
                throw new IOException("weight shards hold " + buffer.remaining() + " bytes more than the manifest describes");
            }
        }
        return new TfjsWeights(tensors);
    }

    private static Tensor decode(JsonNode w, ByteBuffer buffer) throws IOException {
        String name = w.path("name").asText();
        int[] shape = new int[w.path("shape").size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = w.path("shape").get(i).asInt();
            count *= shape[i];
        }
        String dtype = w.path("dtype").asText();
        if (!"float32".equals(dtype) && !"int32".equals(dtype)) {
            throw new IOException("tensor " + name + " has dtype " + dtype + "; only float32 and int32 are supported");
        }
        JsonNode q = w.path("quantization");
        String storedAs = q.isMissingNode() ? dtype : q.path("dtype").asText();
        int bytes = switch (storedAs) {
            case "uint8" -> count;
            case "float16" -> count * 2;
            default -> count * 4;
        };
        if (buffer.remaining() < bytes) {
            throw new IOException("weight shards end inside tensor " + name + ": the download is truncated");
        }
        float[] data = new float[count];
        switch (storedAs) {
            case "float32" -> buffer.asFloatBuffer().get(data);
            case "int32" -> {
                // graph models keep shapes, axes and paddings as int32 constants: small integers, exact as float
                for (int i = 0; i < count; i++) {
                    data[i] = buffer.getInt(buffer.position() + 4 * i);
                }
            }
            case "float16" -> {
                for (int i = 0; i < count; i++) {
                    data[i] = halfToFloat(buffer.getShort(buffer.position() + 2 * i));
                }
            }
            case "uint8" -> {
                double scale = q.path("scale").asDouble();
                double min = q.path("min").asDouble();
                for (int i = 0; i < count; i++) {
                    // computed in double and rounded once to float, as tfjs does in JavaScript
                    data[i] = (float) ((buffer.get(buffer.position() + i) & 0xff) * scale + min);
                }
            }
            default -> throw new IOException("tensor " + name + " is quantised as " + storedAs + "; only uint8 and float16 are supported");
        }
        buffer.position(buffer.position() + bytes);
        return new Tensor(name, shape, data);
    }

    /** IEEE 754 binary16 to float32, exact (every half is a float); what tfjs's float16 dequantisation computes. */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa · 2^-24
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in the weights (have " + tensors.size() + " tensors)");
        }
        return t;
    }

    /** {@code get(name)} checked against the expected TensorFlow shape. */
    public Tensor get(String name, int... shape) {
        Tensor t = get(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
        return t;
    }

    public Map<String, Tensor> all() {
        return tensors;
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(Tensor::size).sum();
    }
}
