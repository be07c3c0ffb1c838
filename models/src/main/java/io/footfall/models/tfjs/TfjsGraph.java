package io.footfall.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A TensorFlow.js graph model ({@code model.json} with {@code format: graph-model}): its GraphDef nodes in file order
 * (TensorFlow writes them topologically sorted) and its weights, which hold the value of every {@code Const} node.
 */
public final class TfjsGraph {

    /** One GraphDef node; {@code inputs} without control dependencies and without a {@code :0} output suffix. */
    public record Node(String name, String op, List<String> inputs, JsonNode attr) {

        public String string(String key, String otherwise) {
            JsonNode s = attr.path(key).path("s");
            return s.isMissingNode() ? otherwise : new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8);
        }

        public List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            for (JsonNode s : attr.path(key).path("list").path("s")) {
                out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
            }
            return out;
        }

        public long[] ints(String key) {
            JsonNode list = attr.path(key).path("list").path("i");
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i).asLong();
            }
            return out;
        }

        public boolean bool(String key) {
            return attr.path(key).path("b").asBoolean(false);
        }

        public float number(String key, float otherwise) {
            JsonNode f = attr.path(key).path("f");
            return f.isMissingNode() ? otherwise : (float) f.asDouble();
        }
    }

    private final List<Node> nodes;
    private final TfjsWeights weights;

    private TfjsGraph(List<Node> nodes, TfjsWeights weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * @param modelJson the {@code model.json} contents
     * @param shards    shard contents by the path its weights manifest names (e.g. {@code mobilefacenet.bin})
     */
    public static TfjsGraph parse(byte[] modelJson, Function<String, byte[]> shards) throws IOException {
        JsonNode root = new ObjectMapper().readTree(modelJson);
        if (root == null || !"graph-model".equals(root.path("format").asText())) {
            throw new IOException("not a TensorFlow.js graph model (its 'format' is not graph-model)");
        }
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> inputs = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String name = in.asText();
                if (name.startsWith("^")) {
                    continue;
                }
                inputs.add(name.endsWith(":0") ? name.substring(0, name.length() - 2) : name);
            }
            nodes.add(new Node(n.path("name").asText(), n.path("op").asText(), List.copyOf(inputs), n.path("attr")));
        }
        byte[] manifest = new ObjectMapper().writeValueAsBytes(root.path("weightsManifest"));
        return new TfjsGraph(List.copyOf(nodes), TfjsWeights.parse(manifest, shards));
    }

    public List<Node> nodes() {
        return nodes;
    }

    public TfjsWeights weights() {
        return weights;
    }
}
