package io.footfall.models.tfjs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads the regular files of a .tar.gz (as {@code npm pack} writes them) into memory, keeping only the wanted
 * names; a truncated or corrupt archive is an error, never a silently shorter result. Entries are read with
 * commons-compress (ustar, pax and GNU headers); as it ends quietly when its input runs out between entries, the
 * end-of-archive marker is checked here, and its errors once the input has run out are reported as truncation.
 */
public final class TarGz {

    /** The largest entry read into memory: the largest byte array a JVM allocates. */
    static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

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
        EndAware source = new EndAware(in);
        MarkedEnd tar = new MarkedEnd(source);
        String where = "a tar header";
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                where = name;
                if (!isRegularFile(entry) || !wanted.test(name)) {
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw new IOException(name + " is " + entry.getSize() + " bytes, too large to read into memory");
                }
                byte[] body = tar.readAllBytes();
                if (body.length < entry.getSize()) {
                    throw new EOFException("archive ends inside " + name);
                }
                files.put(name, body);
            }
        } catch (IOException e) {
            if (source.ended && !(e instanceof EOFException) && !(e instanceof ZipException)) {
                throw (EOFException) new EOFException("archive ends inside " + where).initCause(e);
            }
            throw e;
        }
        if (!tar.markerSeen) {
            throw new EOFException("archive ends inside a tar header");
        }
        return files;
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
    }

    /** The decompressed bytes, noting when they run out: an error of the tar reader after that is a truncated archive. */
    private static final class EndAware extends FilterInputStream {
        boolean ended;

        EndAware(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }
    }

    /** A tar stream that remembers whether it ended at the end-of-archive marker (a zeroed record) or just ran out. */
    private static final class MarkedEnd extends TarArchiveInputStream {
        boolean markerSeen;

        MarkedEnd(InputStream in) {
            super(in, StandardCharsets.UTF_8.name());
        }

        @Override
        protected boolean isEOFRecord(byte[] record) {
            boolean end = super.isEOFRecord(record);
            if (end && record != null) {
                markerSeen = true;
            }
            return end;
        }
    }
}
