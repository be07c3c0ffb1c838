package io.footfall.schemas.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The in-process registry kept on disk, for {@code footfall registry}: each new registration is appended to a journal and
 * forced to disk before it is answered, and the journal is replayed in order at start, which gives every schema back its
 * old id. Records written before a restart stay readable; rules and ids are those of {@link InMemorySchemaRegistry}.
 */
public final class JournaledSchemaRegistry implements SchemaRegistry {

    /** The journal's file name in its directory: one registration a line: the subject (URL-encoded), a tab, the schema's JSON. */
    public static final String JOURNAL = "schemas.journal";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Path journal;
    private final int replayed;
    private final FileChannel out;

    private JournaledSchemaRegistry(Path journal) throws IOException {
        this.journal = journal;
        List<String> lines = Files.exists(journal) ? Files.readAllLines(journal, StandardCharsets.UTF_8) : List.of();
        int n = 0;
        for (String line : lines) {
            int tab = line.indexOf('\t');
            if (line.isBlank()) {
                continue;
            }
            if (tab < 1) {
                throw new IOException("Line " + (n + 1) + " of the schema journal " + journal + " is not 'subject<TAB>schema'");
            }
            String subject = URLDecoder.decode(line.substring(0, tab), StandardCharsets.UTF_8);
            registry.register(subject, new Schema.Parser().parse(line.substring(tab + 1)));
            n++;
        }
        this.replayed = n;
        this.out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Opens (or starts) the journal in {@code dir}, creating the directory if needed, and replays it. */
    public static JournaledSchemaRegistry open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new JournaledSchemaRegistry(dir.resolve(JOURNAL));
    }

    /** Registrations read back from the journal at start. */
    public int replayed() {
        return replayed;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        try {
            return registry.idOf(subject, schema);
        } catch (UnknownSchemaException notYet) {
            // new: the compatibility rule decides before anything is written
        }
        int id = registry.register(subject, schema);
        try {
            String line = URLEncoder.encode(subject, StandardCharsets.UTF_8) + '\t' + schema.toString() + '\n';
            out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            out.force(false);
        } catch (IOException e) {
            throw new RegistryUnavailableException("Cannot write the schema journal " + journal + ": " + e.getMessage(), e);
        }
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return registry.idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        return registry.schemaById(id);
    }

    @Override
    public String location() {
        return journal.toString();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
