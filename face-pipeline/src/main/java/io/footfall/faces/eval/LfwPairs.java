package io.footfall.faces.eval;

import io.footfall.faces.eval.PairsFile.LabelledPair;
import io.footfall.faces.eval.PairsFile.PairsFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LFW's own pairs format ({@code pairs.txt}, {@code pairsDevTrain.txt}, {@code pairsDevTest.txt}): a first line of
 * {@code N} (N same-person pairs, then N different-person pairs) or {@code FOLDS N} (FOLDS folds, each N same then N
 * different), then {@code name i j} (same person) or {@code name1 i name2 j} (different people) per line, separated by
 * tabs or spaces, the photos at {@code name/name_<iiii>.jpg}. With FOLDS, each pair carries its fold.
 */
final class LfwPairs {

    private LfwPairs() {}

    static List<LabelledPair> parse(List<String> lines, int headerLine, String source, Path root) {
        List<String> problems = new ArrayList<>();
        String[] header = lines.get(headerLine).strip().split("[ \\t]+");
        int folds = header.length == 2 ? Integer.parseInt(header[0]) : 1;
        int perLabel = Integer.parseInt(header[header.length - 1]);
        boolean foldsGiven = header.length == 2;
        List<LabelledPair> pairs = new ArrayList<>();
        int rows = 0;
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            // a row's place in the file gives its label and fold, whether or not the rows before it were good
            int index = rows++;
            Integer fold = foldsGiven ? index / (2 * perLabel) : null;
            boolean expectSame = index % (2 * perLabel) < perLabel;
            LabelledPair pair = row(i + 1, line.strip().split("[ \\t]+"), expectSame, fold, root, problems);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        int expected = folds * 2 * perLabel;
        if (problems.isEmpty() && rows != expected) {
            problems.add(String.format(Locale.ROOT, "line %d says %s, so %d pairs, but the file has %d", headerLine + 1,
                    foldsGiven ? folds + " folds of " + perLabel + " same-person and " + perLabel + " different-person pairs"
                            : perLabel + " same-person and " + perLabel + " different-person pairs", expected, rows));
        }
        if (!problems.isEmpty()) {
            throw new PairsFileException(source, problems);
        }
        return List.copyOf(pairs);
    }

    private static LabelledPair row(int number, String[] f, boolean expectSame, Integer fold, Path root, List<String> problems) {
        int before = problems.size();
        String a, b;
        boolean same;
        if (f.length == 3) {
            same = true;
            a = photo(f[0], f[1], number, problems);
            b = photo(f[0], f[2], number, problems);
        } else if (f.length == 4) {
            same = false;
            a = photo(f[0], f[1], number, problems);
            b = photo(f[2], f[3], number, problems);
        } else {
            problems.add("line " + number + ": expected 'name i j' (same person) or 'name1 i name2 j' (different people), found "
                    + f.length + " fields");
            return null;
        }
        if (problems.size() > before) {
            return null;
        }
        if (same != expectSame) {
            problems.add("line " + number + ": a " + (same ? "same" : "different") + "-person pair where the header's layout puts "
                    + (expectSame ? "same" : "different") + "-person pairs");
            return null;
        }
        PairsFile.checkPath(problems, number, "first photo", a, root);
        PairsFile.checkPath(problems, number, "second photo", b, root);
        if (a.equals(b)) {
            problems.add("line " + number + ": compares " + a + " with itself");
        }
        return problems.size() == before ? new LabelledPair(number, a, b, same, fold) : null;
    }

    /** {@code name/name_<iiii>.jpg}, or null after adding a problem. */
    private static String photo(String name, String index, int number, List<String> problems) {
        Integer n = PairsFile.wholeNumber(index);
        if (n == null || n == 0) {
            problems.add("line " + number + ": photo number '" + index + "' of " + name + " is not a whole number from 1");
            return null;
        }
        return String.format(Locale.ROOT, "%s/%s_%04d.jpg", name, name, n);
    }
}
