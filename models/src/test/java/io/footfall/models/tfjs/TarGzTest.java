package io.footfall.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.models.TarFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
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

    @Test
    void anArchiveWithoutItsEndMarkerIsTruncated() throws Exception {
        byte[] tar = tar(Map.of("package/a.txt", "alpha".getBytes(StandardCharsets.UTF_8)));
        byte[] withoutEnd = Arrays.copyOf(tar, 1024);
        byte[] cutInsideBody = Arrays.copyOf(tar, 600);
        byte[] cutInsideHeader = Arrays.copyOf(tar, 300);

        assertThat(TarGz.read(new ByteArrayInputStream(tar), name -> true)).containsOnlyKeys("package/a.txt");
        assertThatThrownBy(() -> TarGz.read(new ByteArrayInputStream(withoutEnd), name -> true))
                .isInstanceOf(EOFException.class).hasMessageContaining("archive ends inside a tar header");
        assertThatThrownBy(() -> TarGz.read(new ByteArrayInputStream(cutInsideBody), name -> true))
                .isInstanceOf(EOFException.class).hasMessageContaining("archive ends inside package/a.txt");
        assertThatThrownBy(() -> TarGz.read(new ByteArrayInputStream(cutInsideHeader), name -> true))
                .isInstanceOf(EOFException.class).hasMessageContaining("archive ends inside a tar header");
    }

    @Test
    void readsLongPaxNamesAndOnlyRegularFiles() throws Exception {
        String longName = "package/" + "deep/".repeat(30) + "w.bin";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry file = new TarArchiveEntry(longName);
            file.setSize(3);
            out.putArchiveEntry(file);
            out.write(new byte[] {1, 2, 3});
            out.closeArchiveEntry();
            out.putArchiveEntry(new TarArchiveEntry("package/dir/"));
            out.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("package/link", TarConstants.LF_SYMLINK);
            link.setLinkName("w.bin");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }

        Map<String, byte[]> read = TarGz.read(new ByteArrayInputStream(bytes.toByteArray()), name -> true);

        assertThat(read).containsOnlyKeys(longName);
        assertThat(read.get(longName)).containsExactly(1, 2, 3);
    }

    private static byte[] tar(Map<String, byte[]> files) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(TarFiles.tarGz(files)))) {
            return in.readAllBytes();
        }
    }
}
