package io.footfall.models.convert;

import io.footfall.models.onnx.OnnxGraph;
import io.footfall.models.onnx.OnnxGraph.Attribute;
import io.footfall.models.tfjs.TfjsGraph;
import io.footfall.models.tfjs.TfjsGraph.Node;
import io.footfall.models.tfjs.TfjsWeights.Tensor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a TensorFlow.js graph model (GraphDef nodes, NHWC) into ONNX (NCHW), node by node.
 *
 * <p>The layout changes once, at the input: the ONNX input is N×C×H×W, and every 4-d activation stays channels-first
 * from there on; constants that meet such an activation (per-channel slopes, batch-norm factors, paddings, axes) are
 * re-laid out instead. Where a TensorFlow op depends on the channels-last order (a reshape, a softmax over the last
 * axis, a reduction the mapping cannot follow) the activation is transposed back to NHWC first, and stays so. The fused
 * ops grappler writes ({@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative}, {@code _FusedMatMul}) are expanded
 * with the {@code fused_ops} they name (BiasAdd, then Relu, Relu6, Elu, LeakyRelu, Sigmoid or Prelu). Only the nodes
 * the requested outputs depend on are converted; an op not handled here fails with its name.
 */
public final class GraphModelConverter {

    /** A graph output: the TensorFlow node, the ONNX name it gets, and its length per item (outputs are N×length). */
    public record Output(String node, String name, long length) {}

    /** An ONNX value and how it is laid out: {@code nchw} for a 4-d activation kept channels-first. */
    private record Value(String name, boolean nchw, int rank) {}

    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};
    /** TensorFlow NHWC axis to the ONNX NCHW axis that holds it. */
    private static final int[] AXIS_IN_NCHW = {0, 2, 3, 1};

    private final TfjsGraph tf;
    private final OnnxGraph g;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Node> byName = new HashMap<>();

    private GraphModelConverter(TfjsGraph tf, OnnxGraph g) {
        this.tf = tf;
        this.g = g;
        tf.nodes().forEach(n -> byName.put(n.name(), n));
    }

    /**
     * @param input  the ONNX input's name; the graph's one Placeholder becomes N×3×height×width
     * @param doc    the model's doc string
     */
    public static byte[] convert(TfjsGraph tf, String graphName, String input, long height, long width, List<Output> outputs,
            String doc, Map<String, String> metadata) {
        GraphModelConverter c = new GraphModelConverter(tf, new OnnxGraph(graphName));
        Set<String> needed = c.needed(outputs);
        c.g.fresh(input); // reserved: no converted node may take the graph's input or output names
        outputs.forEach(o -> c.g.fresh(o.name()));
        for (Node n : tf.nodes()) {
            if (!needed.contains(n.name())) {
                continue;
            }
            if (n.op().equals("Placeholder")) {
                c.g.input(input, "N", 3L, height, width);
                c.values.put(n.name(), new Value(input, true, 4));
            } else if (!n.op().equals("Const")) {
                try {
                    c.values.put(n.name(), c.convert(n));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("node " + n.name() + " (" + n.op() + "): " + e.getMessage(), e);
                }
            }
        }
        for (Output o : outputs) {
            Value v = c.value(o.node());
            c.g.node("Identity", List.of(c.nhwc(v).name()), o.name());
            c.g.output(o.name(), "N", o.length());
        }
        return c.g.toModel("footfall-models", "1", doc, metadata);
    }

    private Set<String> needed(List<Output> outputs) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        outputs.forEach(o -> todo.add(o.node()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Node n = byName.get(name);
            if (n == null) {
                throw new IllegalArgumentException("the graph has no node " + name);
            }
            if (seen.add(name)) {
                todo.addAll(n.inputs());
            }
        }
        return seen;
    }

    private Value convert(Node n) {
        return switch (n.op()) {
            case "Conv2D", "_FusedConv2D" -> fused(n, conv(n, false));
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> fused(n, conv(n, true));
            case "MatMul", "_FusedMatMul" -> fused(n, matMul(n));
            case "BiasAdd", "Add", "AddV2" -> binary(n, "Add");
            case "Sub" -> binary(n, "Sub");
            case "Mul" -> binary(n, "Mul");
            case "RealDiv" -> binary(n, "Div");
            case "Maximum" -> binary(n, "Max");
            case "Minimum" -> binary(n, "Min");
            case "Square" -> {
                Value x = value(n.inputs().get(0));
                yield new Value(g.node("Mul", List.of(x.name(), x.name()), g.fresh(n.name())), x.nchw(), x.rank());
            }
            case "Rsqrt" -> {
                Value x = value(n.inputs().get(0));
                String sqrt = g.node("Sqrt", List.of(x.name()), g.fresh(n.name() + "/sqrt"));
                yield new Value(g.node("Reciprocal", List.of(sqrt), g.fresh(n.name())), x.nchw(), x.rank());
            }
            case "Relu", "Abs", "Sigmoid", "Tanh", "Neg", "Sqrt", "Exp", "Identity", "Elu" -> unary(n, n.op().equals("Identity") ? "Identity" : n.op());
            case "Relu6" -> activation(value(n.inputs().get(0)), "Relu6", n, null);
            case "LeakyRelu" -> activation(value(n.inputs().get(0)), "LeakyRelu", n, null);
            case "Softmax" -> {
                Value x = nhwc(value(n.inputs().get(0)));
                yield new Value(g.node("Softmax", List.of(x.name()), g.fresh(n.name()), Attribute.of("axis", -1L)), false, x.rank());
            }
            case "Sum", "Mean", "Max" -> reduce(n);
            case "Squeeze" -> squeeze(n);
            case "Reshape" -> reshape(n);
            case "Pad", "PadV2" -> pad(n);
            case "ConcatV2" -> concat(n);
            case "AvgPool", "MaxPool" -> pool(n);
            default -> throw new IllegalArgumentException("op " + n.op() + " is not supported by the converter");
        };
    }

    /** A convolution (depthwise: one group per input channel) with the bias of a fused BiasAdd. */
    private Value conv(Node n, boolean depthwise) {
        Value x = nchw(value(n.inputs().get(0)));
        Tensor k = constant(n.inputs().get(1));
        int kh = k.shape()[0], kw = k.shape()[1], ci = k.shape()[2], co = k.shape()[3];
        float[] w;
        long[] dims;
        if (depthwise) {
            // [kh, kw, C, M] -> [C·M, 1, kh, kw]: output channel c·M + m
            w = new float[k.size()];
            for (int c = 0; c < ci; c++) {
                for (int m = 0; m < co; m++) {
                    for (int p = 0; p < kh * kw; p++) {
                        w[(c * co + m) * kh * kw + p] = k.data()[(p * ci + c) * co + m];
                    }
                }
            }
            dims = new long[] {(long) ci * co, 1, kh, kw};
        } else {
            w = Layers.oihw(k, false);
            dims = new long[] {co, ci, kh, kw};
        }
        List<String> fusedOps = n.strings("fused_ops");
        String weights = g.floats(g.fresh(n.name() + "/W"), dims, w);
        List<String> inputs = fusedOps.contains("BiasAdd")
                ? List.of(x.name(), weights, g.floats(g.fresh(n.name() + "/B"), new long[] {dims[0]}, constant(n.inputs().get(2)).data()))
                : List.of(x.name(), weights);
        long[] strides = n.ints("strides"), dilations = n.ints("dilations");
        List<Attribute> attributes = new java.util.ArrayList<>(List.of(
                Attribute.ints("kernel_shape", kh, kw),
                Attribute.ints("strides", strides.length == 4 ? strides[1] : 1, strides.length == 4 ? strides[2] : 1),
                Attribute.ints("dilations", dilations.length == 4 ? dilations[1] : 1, dilations.length == 4 ? dilations[2] : 1)));
        if (depthwise) {
            attributes.add(Attribute.of("group", (long) ci));
        }
        String padding = n.string("padding", "VALID");
        switch (padding) {
            case "SAME" -> attributes.add(Attribute.of("auto_pad", "SAME_UPPER")); // TensorFlow pads the end first
            case "VALID" -> attributes.add(Attribute.ints("pads", 0, 0, 0, 0));
            case "EXPLICIT" -> {
                long[] p = n.ints("explicit_paddings"); // NHWC (begin, end) pairs
                attributes.add(Attribute.ints("pads", p[2], p[4], p[3], p[5]));
            }
            default -> throw new IllegalArgumentException("padding " + padding + " is not supported");
        }
        String y = g.node("Conv", inputs, g.fresh(n.name() + (fusedOps.size() > 1 ? "/conv" : "")), attributes.toArray(Attribute[]::new));
        return new Value(y, true, 4);
    }

    private Value matMul(Node n) {
        if (n.bool("transpose_a")) {
            throw new IllegalArgumentException("transpose_a is not supported");
        }
        Value a = nhwc(value(n.inputs().get(0)));
        String b;
        if (isConstant(n.inputs().get(1))) {
            Tensor t = constant(n.inputs().get(1));
            int rows = t.shape()[0], cols = t.shape()[1];
            float[] data = t.data();
            if (n.bool("transpose_b")) {
                data = new float[t.size()];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        data[c * rows + r] = t.data()[r * cols + c];
                    }
                }
                b = g.floats(g.fresh(n.name() + "/W"), new long[] {cols, rows}, data);
            } else {
                b = g.floats(g.fresh(n.name() + "/W"), new long[] {rows, cols}, data);
            }
        } else {
            b = nhwc(value(n.inputs().get(1))).name();
        }
        String y = g.node("MatMul", List.of(a.name(), b), g.fresh(n.name() + "/matmul"));
        if (n.strings("fused_ops").contains("BiasAdd")) {
            Tensor bias = constant(n.inputs().get(2));
            y = g.node("Add", List.of(y, g.floats(g.fresh(n.name() + "/B"), new long[] {bias.size()}, bias.data())), g.fresh(n.name() + "/bias"));
        }
        return new Value(y, false, 2);
    }

    /** The activation a fused op names after its BiasAdd, if any. */
    private Value fused(Node n, Value y) {
        List<String> ops = n.strings("fused_ops");
        for (String op : ops) {
            switch (op) {
                case "BiasAdd" -> { } // already added
                case "Relu", "Relu6", "Elu", "LeakyRelu", "Sigmoid", "Tanh" -> y = activation(y, op, n, null);
                case "Prelu" -> y = activation(y, op, n, constant(n.inputs().get(ops.contains("BiasAdd") ? 3 : 2)));
                default -> throw new IllegalArgumentException("fused op " + op + " is not supported");
            }
        }
        return y;
    }

    private Value activation(Value x, String op, Node n, Tensor alpha) {
        String out = g.fresh(n.name());
        String y = switch (op) {
            case "Relu", "Elu", "Sigmoid", "Tanh" -> g.node(op, List.of(x.name()), out);
            case "Relu6" -> g.node("Clip", List.of(x.name(), g.floats(g.fresh(n.name() + "/min"), new long[0], new float[] {0}),
                    g.floats(g.fresh(n.name() + "/max"), new long[0], new float[] {6})), out);
            case "LeakyRelu" -> g.node("LeakyRelu", List.of(x.name()), out, Attribute.of("alpha", n.number("leakyrelu_alpha", n.number("alpha", 0.2f))));
            case "Prelu" -> g.node("PRelu", List.of(x.name(), laidOut(alpha, x, n.name() + "/alpha")), out);
            default -> throw new IllegalArgumentException("activation " + op + " is not supported");
        };
        return new Value(y, x.nchw(), x.rank());
    }

    private Value unary(Node n, String op) {
        Value x = value(n.inputs().get(0));
        return new Value(g.node(op, List.of(x.name()), g.fresh(n.name())), x.nchw(), x.rank());
    }

    /** An element-wise op; a constant operand is laid out like the activation it meets. */
    private Value binary(Node n, String op) {
        String a = n.inputs().get(0), b = n.inputs().get(1);
        if (isConstant(a) && isConstant(b)) {
            throw new IllegalArgumentException("both operands are constants (fold them before converting)");
        }
        Value x, y;
        if (isConstant(a) || isConstant(b)) {
            Value v = value(isConstant(a) ? b : a);
            String c = laidOut(constant(isConstant(a) ? a : b), v, n.name() + "/const");
            x = isConstant(a) ? new Value(c, v.nchw(), v.rank()) : v;
            y = isConstant(a) ? v : new Value(c, v.nchw(), v.rank());
        } else {
            x = value(a);
            y = value(b);
            if (x.nchw() != y.nchw()) {
                x = nhwc(x);
                y = nhwc(y);
            }
        }
        return new Value(g.node(op, List.of(x.name(), y.name()), g.fresh(n.name())), x.nchw() || y.nchw(), Math.max(x.rank(), y.rank()));
    }

    /** A constant as an initializer that broadcasts against {@code v} as the TensorFlow constant did against v's NHWC form. */
    private String laidOut(Tensor t, Value v, String name) {
        int[] s = t.shape();
        if (!v.nchw() || t.size() == 1) {
            long[] dims = v.nchw() ? new long[0] : java.util.Arrays.stream(s).asLongStream().toArray();
            return g.floats(g.fresh(name), dims, t.data());
        }
        // right-aligned broadcasting in NHWC: a rank-r constant covers the last r axes of N,H,W,C
        int[] nhwc = {1, 1, 1, 1};
        System.arraycopy(s, 0, nhwc, 4 - s.length, s.length);
        float[] out = new float[t.size()];
        int n = nhwc[0], h = nhwc[1], w = nhwc[2], c = nhwc[3];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        out[((i * c + ch) * h + y) * w + x] = t.data()[((i * h + y) * w + x) * c + ch];
                    }
                }
            }
        }
        long[] dims = s.length == 4 ? new long[] {n, c, h, w} : new long[] {c, h, w};
        return g.floats(g.fresh(name), dims, out);
    }

    private Value reduce(Node n) {
        Value x = value(n.inputs().get(0));
        long[] axes = axes(constant(n.inputs().get(1)), x.rank());
        boolean keep = n.bool("keep_dims");
        Set<Long> set = new HashSet<>();
        for (long a : axes) {
            set.add(a);
        }
        if (x.nchw() && !keep && !set.equals(Set.of(1L, 2L))) {
            x = nhwc(x); // the result's axis order would differ from TensorFlow's
        }
        long[] onnxAxes = x.nchw() ? remap(axes) : axes;
        String out = g.fresh(n.name());
        String op = switch (n.op()) {
            case "Sum" -> "ReduceSum";
            case "Mean" -> "ReduceMean";
            default -> "ReduceMax";
        };
        String y = op.equals("ReduceSum")
                ? g.node(op, List.of(x.name(), g.longs(g.fresh(n.name() + "/axes"), new long[] {onnxAxes.length}, onnxAxes)), out,
                        Attribute.of("keepdims", keep ? 1L : 0L))
                : g.node(op, List.of(x.name()), out, Attribute.ints("axes", onnxAxes), Attribute.of("keepdims", keep ? 1L : 0L));
        return new Value(y, x.nchw() && keep, keep ? x.rank() : x.rank() - axes.length);
    }

    private Value squeeze(Node n) {
        Value x = value(n.inputs().get(0));
        long[] dims = n.ints("squeeze_dims");
        if (dims.length == 0) {
            throw new IllegalArgumentException("a Squeeze without squeeze_dims is not supported");
        }
        for (int i = 0; i < dims.length; i++) {
            dims[i] = dims[i] < 0 ? dims[i] + x.rank() : dims[i];
        }
        java.util.Arrays.sort(dims);
        if (x.nchw() && !java.util.Arrays.equals(dims, new long[] {1, 2})) {
            x = nhwc(x);
        }
        long[] onnxDims = x.nchw() ? remap(dims) : dims;
        String y = g.node("Squeeze", List.of(x.name(), g.longs(g.fresh(n.name() + "/axes"), new long[] {onnxDims.length}, onnxDims)), g.fresh(n.name()));
        return new Value(y, false, x.rank() - dims.length);
    }

    private Value reshape(Node n) {
        Value x = nhwc(value(n.inputs().get(0)));
        long[] shape = longs(constant(n.inputs().get(1)));
        String y = g.node("Reshape", List.of(x.name(), g.longs(g.fresh(n.name() + "/shape"), new long[] {shape.length}, shape)), g.fresh(n.name()));
        return new Value(y, false, shape.length);
    }

    private Value pad(Node n) {
        Value x = value(n.inputs().get(0));
        long[] p = longs(constant(n.inputs().get(1))); // [rank, 2]: begin, end per TensorFlow axis
        int rank = p.length / 2;
        long[] pads = new long[2 * rank];
        for (int a = 0; a < rank; a++) {
            int from = x.nchw() ? (int) TO_NCHW[a] : a;
            pads[a] = p[2 * from];
            pads[rank + a] = p[2 * from + 1];
        }
        List<String> inputs = new java.util.ArrayList<>(List.of(x.name(), g.longs(g.fresh(n.name() + "/pads"), new long[] {pads.length}, pads)));
        if (n.op().equals("PadV2")) {
            inputs.add(g.floats(g.fresh(n.name() + "/value"), new long[0], new float[] {constant(n.inputs().get(2)).data()[0]}));
        }
        return new Value(g.node("Pad", inputs, g.fresh(n.name())), x.nchw(), x.rank());
    }

    private Value concat(Node n) {
        List<String> parts = n.inputs().subList(0, n.inputs().size() - 1);
        List<Value> vs = parts.stream().map(this::value).toList();
        boolean nchw = vs.stream().allMatch(Value::nchw);
        List<String> names = vs.stream().map(v -> nchw ? v.name() : nhwc(v).name()).toList();
        long axis = (long) constant(n.inputs().get(n.inputs().size() - 1)).data()[0];
        int rank = vs.get(0).rank();
        axis = axis < 0 ? axis + rank : axis;
        long onnxAxis = nchw ? AXIS_IN_NCHW[(int) axis] : axis;
        return new Value(g.node("Concat", names, g.fresh(n.name()), Attribute.of("axis", onnxAxis)), nchw, rank);
    }

    private Value pool(Node n) {
        Value x = nchw(value(n.inputs().get(0)));
        long[] k = n.ints("ksize"), s = n.ints("strides");
        String padding = n.string("padding", "VALID");
        Attribute pads = padding.equals("SAME") ? Attribute.of("auto_pad", "SAME_UPPER") : Attribute.ints("pads", 0, 0, 0, 0);
        String op = n.op().equals("AvgPool") ? "AveragePool" : "MaxPool";
        return new Value(g.node(op, List.of(x.name()), g.fresh(n.name()), Attribute.ints("kernel_shape", k[1], k[2]),
                Attribute.ints("strides", s[1], s[2]), pads), true, 4);
    }

    private static long[] remap(long[] nhwcAxes) {
        long[] out = new long[nhwcAxes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = AXIS_IN_NCHW[(int) nhwcAxes[i]];
        }
        java.util.Arrays.sort(out);
        return out;
    }

    private static long[] axes(Tensor t, int rank) {
        long[] a = longs(t);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] < 0 ? a[i] + rank : a[i];
        }
        return a;
    }

    private static long[] longs(Tensor t) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) t.data()[i];
        }
        return out;
    }

    private Value nhwc(Value v) {
        if (!v.nchw()) {
            return v;
        }
        return new Value(g.node("Transpose", List.of(v.name()), g.fresh(v.name() + "/nhwc"), Attribute.ints("perm", TO_NHWC)), false, 4);
    }

    private Value nchw(Value v) {
        if (v.nchw()) {
            return v;
        }
        if (v.rank() != 4) {
            throw new IllegalArgumentException("a " + v.rank() + "-d input where a 4-d activation is expected");
        }
        return new Value(g.node("Transpose", List.of(v.name()), g.fresh(v.name() + "/nchw"), Attribute.ints("perm", TO_NCHW)), true, 4);
    }

    private boolean isConstant(String name) {
        Node n = byName.get(name);
        return n != null && n.op().equals("Const");
    }

    private Tensor constant(String name) {
        if (!isConstant(name)) {
            throw new IllegalArgumentException(name + " is not a constant");
        }
        return tf.weights().get(name);
    }

    private Value value(String name) {
        Value v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("input " + name + " has not been converted (a constant where an activation is expected?)");
        }
        return v;
    }
}
