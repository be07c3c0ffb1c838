package io.footfall.faces.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A verification pairs file: one pair of photos per line, {@code path_a,path_b,same}, the paths relative to an images
 * folder and {@code same} one of {@code 1/0}, {@code true/false}, {@code yes/no}, {@code same/different}. A header line
 * {@code path_a,path_b,same} is optional; blank lines and lines starting with {@code #} are skipped; fields may be quoted
 * ({@code "a, b.jpg"}, with {@code ""} for a quote). Every problem is reported with its line number, all at once.
 *
 * <p>Each line is parsed on its own with commons-csv, so a broken line is reported and the lines after it are still
 * checked; a quoted field therefore cannot span lines. The columns are listed once, in {@link #COLUMNS}, and a row's
 * fields are turned into a pair in {@link #row}.
 */
public final class PairsFile {

    /** One pair as the file gives it: its line number, both paths as written, and the label. */
    public record LabelledPair(int line, String pathA, String pathB, boolean same) {}

    /** A pairs file that cannot be used; the message lists every problem with its line number. */
    public static final class PairsFileException extends IllegalArgumentException {
        private final List<String> problems;

        PairsFileException(String source, List<String> problems) {
            super(message(source, problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }

        private static String message(String source, List<String> problems) {
            StringBuilder b = new StringBuilder(source).append(problems.size() == 1 ? " has a problem:" : " has " + problems.size() + " problems:");
            int shown = Math.min(problems.size(), MAX_SHOWN);
            for (int i = 0; i < shown; i++) {
                b.append(System.lineSeparator()).append("  ").append(problems.get(i));
            }
            if (problems.size() > shown) {
                b.append(System.lineSeparator()).append("  ... and ").append(problems.size() - shown).append(" more");
            }
            return b.toString();
        }
    }

    static final int MAX_SHOWN = 20;

    /** The columns of a row, in order, as the optional header names them. */
    static final List<String> COLUMNS = List.of("path_a", "path_b", "same");

    /** Commas separate, double quotes protect, {@code ""} is a quote inside quotes; spaces around a field are dropped. */
    private static final CSVFormat LINE = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();
    /** {@link #LINE}, but keeping text after a closing quote: tells that error from an unclosed quote. */
    private static final CSVFormat TRAILING_TEXT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setTrailingData(true).get();

    private PairsFile() {}

    /**
     * Reads and checks {@code csv}: every line parses, every photo exists inside {@code imagesDir}, and there is at least one
     * same-person and one different-person pair.
     *
     * @throws PairsFileException listing every problem with its line number
     */
    public static List<LabelledPair> read(Path csv, Path imagesDir) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("the pairs file " + csv + " does not exist; give a CSV of path_a,path_b,same lines");
        }
        if (!Files.isDirectory(imagesDir)) {
            throw new IllegalArgumentException("the images folder " + imagesDir + " does not exist or is not a folder");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the pairs file " + csv + " is not UTF-8 text");
        }
        return parse(lines, csv.toString(), imagesDir);
    }

    /** {@link #read} on lines already read; {@code source} names them in messages. */
    public static List<LabelledPair> parse(List<String> lines, String source, Path imagesDir) {
        List<String> problems = new ArrayList<>();
        List<LabelledPair> pairs = new ArrayList<>();
        Path root = imagesDir.toAbsolutePath().normalize();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = fields(line);
            } catch (IllegalArgumentException e) {
                problems.add("line " + number + ": " + e.getMessage());
                first = false;
                continue;
            }
            if (first && isHeader(fields)) {
                first = false;
                continue;
            }
            first = false;
            LabelledPair pair = row(number, line, fields, root, problems);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        if (problems.isEmpty()) {
            if (pairs.isEmpty()) {
                problems.add("no pairs: expected lines of path_a,path_b,same (paths relative to " + imagesDir + ")");
            } else if (pairs.stream().noneMatch(LabelledPair::same)) {
                problems.add("no same-person pair (same = 1): verification needs both kinds");
            } else if (pairs.stream().allMatch(LabelledPair::same)) {
                problems.add("no different-person pair (same = 0): verification needs both kinds");
            }
        }
        if (!problems.isEmpty()) {
            throw new PairsFileException(source, problems);
        }
        return List.copyOf(pairs);
    }

    /** The pair in one row's fields, or null after adding its problems. */
    private static LabelledPair row(int number, String line, List<String> fields, Path root, List<String> problems) {
        if (fields.size() != COLUMNS.size()) {
            problems.add("line " + number + ": expected " + COLUMNS.size() + " fields (" + String.join(",", COLUMNS) + "), found " + fields.size()
                    + ": " + abbreviate(line));
            return null;
        }
        String a = fields.get(0).strip(), b = fields.get(1).strip();
        Boolean same = label(fields.get(2).strip());
        int before = problems.size();
        if (same == null) {
            problems.add("line " + number + ": 'same' is '" + fields.get(2).strip() + "'; use 1 (same person) or 0 (different people)");
        }
        checkPath(problems, number, "path_a", a, root);
        checkPath(problems, number, "path_b", b, root);
        if (!a.isEmpty() && a.equals(b)) {
            problems.add("line " + number + ": compares " + a + " with itself");
        }
        return problems.size() == before ? new LabelledPair(number, a, b, same) : null;
    }

    /**
     * The fields of one CSV line.
     *
     * @throws IllegalArgumentException for a quote that is not closed or text after a closing quote
     */
    static List<String> fields(String line) {
        List<String> fields = parse(line, LINE);
        if (fields != null) {
            return fields;
        }
        if (parse(line, TRAILING_TEXT) == null) {
            throw new IllegalArgumentException("a quote is not closed: " + abbreviate(line));
        }
        throw new IllegalArgumentException("text after a closing quote in field " + fieldWithTextAfterQuote(line) + ": " + abbreviate(line));
    }

    /** The line's fields, or null when it is not CSV in {@code format}. */
    private static List<String> parse(String line, CSVFormat format) {
        try (CSVParser parser = CSVParser.parse(line, format)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of("") : records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** The number of the first field with text after its closing quote: the fields up to the first prefix that has it. */
    private static int fieldWithTextAfterQuote(String line) {
        for (int end = line.indexOf(','); end >= 0; end = line.indexOf(',', end + 1)) {
            String prefix = line.substring(0, end);
            List<String> lenient = parse(prefix, TRAILING_TEXT);
            if (lenient != null && parse(prefix, LINE) == null) {
                return lenient.size();
            }
        }
        return parse(line, TRAILING_TEXT).size();
    }

    private static boolean isHeader(List<String> fields) {
        if (fields.size() != COLUMNS.size()) {
            return false;
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (!fields.get(i).strip().equalsIgnoreCase(COLUMNS.get(i))) {
                return false;
            }
        }
        return true;
    }

    static Boolean label(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "same" -> Boolean.TRUE;
            case "0", "false", "no", "different" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static void checkPath(List<String> problems, int line, String field, String path, Path root) {
        if (path.isEmpty()) {
            problems.add("line " + line + ": " + field + " is empty");
            return;
        }
        Path resolved;
        try {
            Path given = Path.of(path);
            if (given.isAbsolute()) {
                problems.add("line " + line + ": " + field + " '" + path + "' is absolute; write it relative to the images folder");
                return;
            }
            resolved = root.resolve(given).normalize();
        } catch (InvalidPathException e) {
            problems.add("line " + line + ": " + field + " '" + path + "' is not a valid path (" + e.getReason() + ")");
            return;
        }
        if (!resolved.startsWith(root)) {
            problems.add("line " + line + ": " + field + " '" + path + "' points outside the images folder");
        } else if (!Files.isRegularFile(resolved)) {
            problems.add("line " + line + ": " + field + " '" + path + "' does not exist in " + root);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
