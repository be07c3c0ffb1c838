package io.footfall.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsTest {

    private static final String MANIFEST = """
            [{"paths": ["m-shard1", "m-shard2"], "weights": [
              {"name": "a/weights", "shape": [2, 2], "dtype": "float32"},
              {"name": "b/bias", "shape": [3], "dtype": "float32",
               "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}}]}]
            """;

    @Test
    void readsFloat32AndDequantisesUint8AcrossShards() throws Exception {
        // given four floats and three quantised bytes, split over two shards mid-tensor
        byte[] floats = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4).array();
        byte[] shard1 = Arrays.copyOf(floats, 10);
        byte[] shard2 = concat(Arrays.copyOfRange(floats, 10, 16), new byte[] {0, 2, (byte) 255});

        // when
        TfjsWeights w = TfjsWeights.parse(MANIFEST.getBytes(StandardCharsets.UTF_8), Map.of("m-shard1", shard1, "m-shard2", shard2)::get);

        // then q * scale + min
        assertThat(w.get("a/weights", 2, 2).data()).containsExactly(1, 2, 3, 4);
        assertThat(w.get("b/bias").data()).containsExactly(new float[] {-1f, 0f, 126.5f}, within(0f));
        assertThat(w.parameterCount()).isEqualTo(7);
    }

    @Test
    void readsFloat16QuantisedAndInt32Tensors() throws Exception {
        // given graph-model weights: float32 stored as float16 (1, -2, 0.5, 65504, a subnormal, -0) and an int32 axis list
        String manifest = """
                [{"paths": ["g.bin"], "weights": [
                  {"name": "k", "shape": [6], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                  {"name": "axes", "shape": [2], "dtype": "int32"}]}]
                """;
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        for (int half : new int[] {0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000}) {
            b.putShort((short) half);
        }
        b.putInt(1).putInt(-1);

        // when
        TfjsWeights w = TfjsWeights.parse(manifest.getBytes(StandardCharsets.UTF_8), Map.of("g.bin", b.array())::get);

        // then every half is the float it denotes, exactly
        assertThat(w.get("k").data()).containsExactly(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f}, within(0f));
        assertThat(Float.floatToIntBits(w.get("k").data()[5])).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(w.get("axes").data()).containsExactly(1f, -1f);
    }

    @Test
    void reportsTruncatedShards() {
        // given a second shard that ends early
        byte[] shard1 = new byte[10];
        byte[] shard2 = new byte[7];

        // when / then
        assertThatThrownBy(() -> TfjsWeights.parse(MANIFEST.getBytes(StandardCharsets.UTF_8), Map.of("m-shard1", shard1, "m-shard2", shard2)::get))
                .hasMessageContaining("end inside tensor b/bias: the download is truncated");
    }

    @Test
    void reportsAMissingShard() {
        assertThatThrownBy(() -> TfjsWeights.parse(MANIFEST.getBytes(StandardCharsets.UTF_8), Map.of("m-shard1", new byte[10])::get))
                .hasMessageContaining("weight shard m-shard2 named in the manifest is missing");
    }

    @Test
    void checksShapes() throws Exception {
        TfjsWeights w = TfjsWeights.parse(MANIFEST.getBytes(StandardCharsets.UTF_8), Map.of("m-shard1", new byte[10], "m-shard2", new byte[9])::get);
        assertThatThrownBy(() -> w.get("a/weights", 4)).hasMessageContaining("has shape [2, 2], expected [4]");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
