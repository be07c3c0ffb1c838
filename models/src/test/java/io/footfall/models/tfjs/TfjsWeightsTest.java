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
