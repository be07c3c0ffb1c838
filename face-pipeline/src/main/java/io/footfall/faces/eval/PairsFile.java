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
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A verification pairs file, in one of two formats, told apart by the first line.
 *
 * <p><b>CSV</b>: one pair of photos per line, {@code path_a,path_b,same}, the paths relative to an images folder and
 * {@code same} one of {@code 1/0}, {@code true/false}, {@code yes/no}, {@code same/different}. A header line is
 * optional; with one, the columns are found by name, a {@code fold} column (a whole number per pair) defines the
 * cross-validation folds, and other columns are ignored; without one, the first three fields are the pair and more are
 * ignored. Blank lines and lines starting with {@code #} are skipped; fields may be quoted ({@code "a, b.jpg"}, with
 * {@code ""} for a quote).
 *
 * <p><b>LFW's {@code pairs.txt}</b>: a first line of the pair count {@code N} (View 1: N same-person pairs, then N
 * different-person pairs) or of {@code FOLDS N} (View 2: each fold N same then N different, fold by fold); then
 * {@code name i j} for a same-person pair and {@code name1 i name2 j} for a different-person one, separated by tabs or
 * spaces, the photos at {@code name/name_<iiii>.jpg}. Every problem is reported with its line number, all at once.
 *
 * <p>Each line is parsed on its own with commons-csv, so a broken line is reported and the lines after it are still
 * checked; a quoted field therefore cannot span lines. The columns are listed once, in {@link #COLUMNS}, and a row's
 * fields are turned into a pair in {@link #row}.
 */
public final class PairsFile {

    /** One pair as the file gives it: its line number, both paths as written, the label, and its fold (null: none given). */
    public record LabelledPair(int line, String pathA, String pathB, boolean same, Integer fold) {

        public LabelledPair(int line, String pathA, String pathB, boolean same) {
            this(line, pathA, pathB, same, null);
        }
    }

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
        int firstLine = firstContentLine(lines);
        if (firstLine >= 0 && LFW_HEADER.matcher(lines.get(firstLine).strip()).matches()) {
            return LfwPairs.parse(lines, firstLine, source, imagesDir.toAbsolutePath().normalize());
        }
        List<String> problems = new ArrayList<>();
        List<LabelledPair> pairs = new ArrayList<>();
        Path root = imagesDir.toAbsolutePath().normalize();
        boolean first = true;
        int[] columns = POSITIONAL;
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
                columns = headerColumns(fields, number, problems);
                if (columns == null) {
                    break;
                }
                continue;
            }
            first = false;
            LabelledPair pair = row(number, line, fields, columns, root, problems);
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

    /**
     * The pair in one row's fields, or null after adding its problems; {@code columns} gives the index of
     * path_a, path_b, same and fold (-1: no fold column).
     */
    private static LabelledPair row(int number, String line, List<String> fields, int[] columns, Path root, List<String> problems) {
        int needed = Math.max(Math.max(columns[0], columns[1]), Math.max(columns[2], columns[3])) + 1;
        if (fields.size() < needed) {
            problems.add("line " + number + ": expected " + needed + " fields (" + String.join(",", COLUMNS) + (columns[3] >= 0 ? ",fold" : "")
                    + "), found " + fields.size() + ": " + abbreviate(line));
            return null;
        }
        String a = fields.get(columns[0]).strip(), b = fields.get(columns[1]).strip();
        Boolean same = label(fields.get(columns[2]).strip());
        int before = problems.size();
        if (same == null) {
            problems.add("line " + number + ": 'same' is '" + fields.get(columns[2]).strip() + "'; use 1 (same person) or 0 (different people)");
        }
        Integer fold = null;
        if (columns[3] >= 0) {
            fold = wholeNumber(fields.get(columns[3]).strip());
            if (fold == null) {
                problems.add("line " + number + ": 'fold' is '" + fields.get(columns[3]).strip() + "'; use a whole number from 0");
            }
        }
        checkPath(problems, number, "path_a", a, root);
        checkPath(problems, number, "path_b", b, root);
        if (!a.isEmpty() && a.equals(b)) {
            problems.add("line " + number + ": compares " + a + " with itself");
        }
        return problems.size() == before ? new LabelledPair(number, a, b, same, fold) : null;
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

    /** A header names columns instead of giving a pair: every column of a pair is named in it. */
    private static boolean isHeader(List<String> fields) {
        List<String> names = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        return names.containsAll(COLUMNS);
    }

    /** The indexes of path_a, path_b, same and fold (-1 when absent) in a header, or null after adding a problem. */
    private static int[] headerColumns(List<String> fields, int number, List<String> problems) {
        List<String> names = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        for (String name : names) {
            if (!name.isEmpty() && names.indexOf(name) != names.lastIndexOf(name)) {
                problems.add("line " + number + ": the header names column '" + name + "' twice");
                return null;
            }
        }
        return new int[] {names.indexOf("path_a"), names.indexOf("path_b"), names.indexOf("same"), names.indexOf("fold")};
    }

    /** Without a header: path_a, path_b and same are the first three fields, and there is no fold. */
    private static final int[] POSITIONAL = {0, 1, 2, -1};

    /** The first line of LFW's {@code pairs.txt}: the pair count, or the fold count and pairs per fold and label. */
    static final Pattern LFW_HEADER = Pattern.compile("\\d+([ \\t]+\\d+)?");

    /** The index of the first line that is neither blank nor a comment, or -1. */
    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(i).startsWith("\uFEFF") ? lines.get(i).substring(1) : lines.get(i);
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                return i;
            }
        }
        return -1;
    }

    static Integer wholeNumber(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean label(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "same" -> Boolean.TRUE;
            case "0", "false", "no", "different" -> Boolean.FALSE;
            default -> null;
        };
    }

    static void checkPath(List<String> problems, int line, String field, String path, Path root) {
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

    static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
