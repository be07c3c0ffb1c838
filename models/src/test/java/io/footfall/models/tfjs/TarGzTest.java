package io.footfall.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.models.TarFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {

    @TempDir
    Path dir;

    @Test
    void readsTheWantedFiles() throws Exception {
        // given
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
        files.put("package/weights/b.bin", new byte[1000]);
        Path tgz = TarFiles.write(dir.resolve("p.tgz"), files);

        // when
        Map<String, byte[]> read = TarGz.read(tgz, name -> name.startsWith("package/weights/"));

        // then
        assertThat(read).containsOnlyKeys("package/weights/b.bin");
        assertThat(read.get("package/weights/b.bin")).hasSize(1000);
    }

    @Test
    void reportsATruncatedArchive() throws Exception {
        // given
        byte[] whole = TarFiles.tarGz(Map.of("package/big.bin", new byte[100_000]));
        Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(whole, whole.length - 20));

        // when / then
        assertThatThrownBy(() -> TarGz.read(cut, name -> true)).hasMessageContaining("cut.tgz is truncated");
    }

    @Test
    void reportsSomethingThatIsNotGzip() throws Exception {
        Path html = Files.writeString(dir.resolve("error.tgz"), "<html>proxy error</html>");
        assertThatThrownBy(() -> TarGz.read(html, name -> true)).hasMessageContaining("not a gzip'ed tar archive");
    }
}
