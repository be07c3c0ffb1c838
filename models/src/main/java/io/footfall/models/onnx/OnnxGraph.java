package io.footfall.models.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX graph and serialises it as a {@code ModelProto}, byte for byte the same for the same calls.
 *
 * <p>There are no generated classes for onnx.proto here, so the few messages needed are written in the
 * protobuf wire format directly; field numbers are those of onnx.proto (IR version 8). Serialisation is
 * deterministic because every collection keeps insertion order and nothing time- or host-dependent is written.
 */
public final class OnnxGraph {

    /** ONNX IR version 8 pairs with opset 13..17, which ONNX Runtime 1.x loads everywhere. */
    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String name;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final Map<String, Integer> uniqueNames = new LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** A graph-unique tensor name derived from {@code hint}, so converters need not track counters. */
    public String fresh(String hint) {
        int n = uniqueNames.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    public String floats(String name, long[] dims, float[] data) {
        checkSize(name, dims, data.length);
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        initializers.add(tensor(name, dims, FLOAT, raw.array()));
        return name;
    }

    public String longs(String name, long[] dims, long[] data) {
        checkSize(name, dims, data.length);
        ByteBuffer raw = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        initializers.add(tensor(name, dims, INT64, raw.array()));
        return name;
    }

    /** A float input; each dimension is a {@code Long} size or a {@code String} symbolic name. */
    public void input(String name, Object... dims) {
        inputs.add(valueInfo(name, dims));
    }

    public void output(String name, Object... dims) {
        outputs.add(valueInfo(name, dims));
    }

    /** Adds a node with one output named {@code output} and returns that name. */
    public String node(String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        nodes.add(message(out -> {
            for (String in : nodeInputs) {
                out.writeString(1, in);
            }
            out.writeString(2, output);
            out.writeString(3, output);
            out.writeString(4, opType);
            for (Attribute a : attributes) {
                out.writeByteArray(5, a.encode());
            }
        }));
        return output;
    }

    /** The serialised {@code ModelProto}. */
    public byte[] toModel(String producer, String producerVersion, String docString, Map<String, String> metadata) {
        byte[] graph = message(out -> {
            for (byte[] n : nodes) {
                out.writeByteArray(1, n);
            }
            out.writeString(2, name);
            for (byte[] t : initializers) {
                out.writeByteArray(5, t);
            }
            for (byte[] i : inputs) {
                out.writeByteArray(11, i);
            }
            for (byte[] o : outputs) {
                out.writeByteArray(12, o);
            }
        });
        return message(out -> {
            out.writeInt64(1, IR_VERSION);
            out.writeString(2, producer);
            out.writeString(3, producerVersion);
            out.writeString(6, docString);
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(opset -> {
                opset.writeString(1, "");
                opset.writeInt64(2, OPSET);
            }));
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeByteArray(14, message(kv -> {
                    kv.writeString(1, e.getKey());
                    kv.writeString(2, e.getValue());
                }));
            }
        });
    }

    private static void checkSize(String name, long[] dims, int length) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("tensor " + name + ": shape holds " + n + " values, data has " + length);
        }
    }

    private static byte[] tensor(String name, long[] dims, int dataType, byte[] raw) {
        return message(out -> {
            for (long d : dims) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, dataType);
            out.writeString(8, name);
            out.writeByteArray(9, raw);
        });
    }

    private static byte[] valueInfo(String name, Object... dims) {
        byte[] shape = message(out -> {
            for (Object d : dims) {
                out.writeByteArray(1, message(dim -> {
                    if (d instanceof Number n) {
                        dim.writeInt64(1, n.longValue());
                    } else {
                        dim.writeString(2, d.toString());
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, FLOAT);
            out.writeByteArray(2, shape);
        });
        byte[] type = message(out -> out.writeByteArray(1, tensorType));
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, type);
        });
    }

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An {@code AttributeProto}: one int, float, string or int list. */
    public record Attribute(String name, int type, long i, float f, String s, long[] ints) {

        public static Attribute of(String name, long value) {
            return new Attribute(name, 2, value, 0, null, null);
        }

        public static Attribute of(String name, float value) {
            return new Attribute(name, 1, 0, value, null, null);
        }

        public static Attribute of(String name, String value) {
            return new Attribute(name, 3, 0, 0, value, null);
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(name, 7, 0, 0, null, values);
        }

        byte[] encode() {
            return message(out -> {
                out.writeString(1, name);
                switch (type) {
                    case 1 -> out.writeFloat(2, f);
                    case 2 -> out.writeInt64(3, i);
                    case 3 -> out.writeByteArray(4, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    case 7 -> {
                        for (long v : ints) {
                            out.writeInt64(8, v);
                        }
                    }
                    default -> throw new IllegalStateException("attribute type " + type);
                }
                out.writeInt32(20, type);
            });
        }
    }
}
