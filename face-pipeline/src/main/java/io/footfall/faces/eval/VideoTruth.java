package io.footfall.faces.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is in each clip, by hand: a CSV with the header {@code clip,person,name,required} and one row per distinct person
 * in a clip. {@code person} is a label unique in the file; {@code name} the gallery name of an enrolled person, empty for
 * someone not enrolled (who must stay unknown); {@code required} 1 when the pipeline must name them, 0 for a hard view
 * (named or unknown are both fine). An optional {@code presence} column says {@code always} (the default: the person is
 * clearly there and must be counted) or {@code maybe} (seen small or briefly in the background: counting them or not
 * are both right). An optional {@code appearances} column says how many separate times the person is on camera in the
 * clip (default 1: one continuous presence), the visits a perfect tracker reports for them. Other columns (notes) are
 * ignored; lines starting with {@code #} are comments.
 */
public final class VideoTruth {

    /** One person of one clip. */
    public record Person(int line, String clip, String label, String name, boolean required, boolean maybe, int appearances) {

        public Person(int line, String clip, String label, String name, boolean required, boolean maybe) {
            this(line, clip, label, name, required, maybe, 1);
        }
    }

    /** The file's problems, each with its line number. */
    public static final class BadTruthException extends IllegalArgumentException {
        private final List<String> problems;

        BadTruthException(Path file, List<String> problems) {
            super(file + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private VideoTruth() {}

    /** The people of every clip, in file order. */
    public static List<Person> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the truth file " + file + " does not exist");
        }
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static List<Person> parse(Path file, List<String> lines) {
        List<String> problems = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        Map<String, Integer> columns = null;
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] cells = text.split(",", -1);
            if (columns == null) {
                columns = new LinkedHashMap<>();
                for (int c = 0; c < cells.length; c++) {
                    columns.put(cells[c].strip().toLowerCase(Locale.ROOT), c);
                }
                for (String needed : List.of("clip", "person", "name", "required")) {
                    if (!columns.containsKey(needed)) {
                        problems.add("line " + line + ": the header has no '" + needed + "' column (expected clip,person,name,required)");
                    }
                }
                if (!problems.isEmpty()) {
                    break;
                }
                continue;
            }
            if (cells.length < columns.size()) {
                problems.add("line " + line + ": expected " + columns.size() + " fields, got " + cells.length);
                continue;
            }
            String clip = cells[columns.get("clip")].strip();
            String label = cells[columns.get("person")].strip();
            String name = cells[columns.get("name")].strip();
            String required = cells[columns.get("required")].strip();
            String presence = columns.containsKey("presence") ? cells[columns.get("presence")].strip().toLowerCase(Locale.ROOT) : "";
            if (clip.isEmpty()) {
                problems.add("line " + line + ": no clip");
            }
            if (label.isEmpty()) {
                problems.add("line " + line + ": no person label");
            } else if (!labels.add(label)) {
                problems.add("line " + line + ": person '" + label + "' is already used (labels are unique in the file)");
            }
            if (!required.equals("0") && !required.equals("1")) {
                problems.add("line " + line + ": required is '" + required + "'; use 1 (must be named) or 0");
            } else if (required.equals("1") && name.isEmpty()) {
                problems.add("line " + line + ": required 1 needs a name (the gallery name the person must get)");
            }
            if (!presence.isEmpty() && !presence.equals("always") && !presence.equals("maybe")) {
                problems.add("line " + line + ": presence is '" + presence + "'; use always or maybe");
            }
            String times = columns.containsKey("appearances") ? cells[columns.get("appearances")].strip() : "";
            int appearances = 1;
            if (!times.isEmpty()) {
                try {
                    appearances = Integer.parseInt(times);
                } catch (NumberFormatException e) {
                    appearances = 0;
                }
                if (appearances < 1) {
                    problems.add("line " + line + ": appearances is '" + times + "'; use a whole number from 1 (or leave it empty for 1)");
                }
            }
            people.add(new Person(line, clip, label, name, required.equals("1"), presence.equals("maybe"), Math.max(1, appearances)));
        }
        if (columns == null) {
            problems.add("no header line (clip,person,name,required)");
        } else if (people.isEmpty() && problems.isEmpty()) {
            problems.add("no person rows after the header");
        }
        if (!problems.isEmpty()) {
            throw new BadTruthException(file, problems);
        }
        return List.copyOf(people);
    }
}
