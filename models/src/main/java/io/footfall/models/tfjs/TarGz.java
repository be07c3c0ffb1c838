package io.footfall.models.tfjs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the regular files of a .tar.gz (as {@code npm pack} writes them) into memory, keeping only the wanted
 * names; a truncated or corrupt archive is an error, never a silently shorter result.
 */
public final class TarGz {

    private TarGz() {}

    public static Map<String, byte[]> read(Path archive, Predicate<String> wanted) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            return read(in, wanted);
        } catch (EOFException | ZipException e) {
            throw new IOException(archive.getFileName() + " is truncated or not a gzip'ed tar archive (" + e.getMessage() + ")", e);
        }
    }

    static Map<String, byte[]> read(InputStream in, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[512];
        String paxPath = null;
        while (true) {
            if (in.readNBytes(header, 0, 512) < 512) {
                throw new EOFException("archive ends inside a tar header");
            }
            if (isZero(header)) {
                return files; // end-of-archive marker
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            byte[] body = in.readNBytes((int) size);
            if (body.length < size) {
                throw new EOFException("archive ends inside " + name);
            }
            in.skipNBytes((512 - size % 512) % 512);
            if (type == 'x') {
                paxPath = paxPath(body);
                continue;
            }
            if (paxPath != null) {
                name = paxPath;
                paxPath = null;
            }
            if ((type == '0' || type == 0) && wanted.test(name)) {
                files.put(name, body);
            }
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int offset, int length) throws IOException {
        String s = text(b, offset, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header (size field '" + s + "')");
        }
    }

    // pax records are "LEN key=value\n"
    private static String paxPath(byte[] body) {
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 6);
            }
        }
        return null;
    }
}
