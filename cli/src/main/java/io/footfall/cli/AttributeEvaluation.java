package io.footfall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.embedder.attributes.Expression;
import io.footfall.embedder.attributes.FaceAttributes;
import io.footfall.embedder.attributes.Gender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Gender accuracy and age error of the attribute estimates against labelled people ({@code footfall eval attributes}):
 * a labels file ({@code name,gender,birth_year}) and DIR/&lt;name&gt;/&lt;photo&gt; folders. A photo's age is taken as
 * the reference year minus the birth year (LFW's photos are news photos of about 2002–2004).
 */
final class AttributeEvaluation {

    /** One labelled person; {@code birthYear} is 0 when not known. */
    record Label(int line, String name, Gender gender, int birthYear) {}

    /** The labelled person's face in one photo and what was estimated. */
    record Measured(String photo, Label label, FaceAttributes estimate) {}

    /** A labels file with problems, each with its line number. */
    static final class BadLabels extends Exception {
        BadLabels(Path file, List<String> problems) {
            super(file + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  " + String.join("\n  ", problems));
        }
    }

    private AttributeEvaluation() {}

    /** Reads {@code name,gender,birth_year} lines (a header first; gender male/female or m/f; birth_year may be empty). */
    static List<Label> read(Path file) throws IOException, BadLabels {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Label> labels = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("name,"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            int n = i + 1;
            if (f.length != 3) {
                problems.add("line " + n + ": expected name,gender,birth_year, got " + f.length + " fields");
                continue;
            }
            String name = f[0].strip();
            Gender gender = switch (f[1].strip().toLowerCase(Locale.ROOT)) {
                case "male", "m" -> Gender.MALE;
                case "female", "f" -> Gender.FEMALE;
                default -> null;
            };
            if (name.isEmpty()) {
                problems.add("line " + n + ": the name is empty");
            } else if (!seen.add(name)) {
                problems.add("line " + n + ": " + name + " is labelled twice");
            }
            if (gender == null) {
                problems.add("line " + n + ": gender is '" + f[1].strip() + "'; use male or female");
            }
            int year = 0;
            if (!f[2].isBlank()) {
                try {
                    year = Integer.parseInt(f[2].strip());
                } catch (NumberFormatException e) {
                    year = -1;
                }
                if (year < 1850 || year > 2030) {
                    problems.add("line " + n + ": birth_year is '" + f[2].strip() + "'; give a year such as 1961, or leave it empty");
                }
            }
            labels.add(new Label(n, name, gender, year));
        }
        if (!problems.isEmpty()) {
            throw new BadLabels(file, problems);
        }
        return labels;
    }

    /**
     * The figures over the measured faces: gender accuracy (all, per true gender), age error where the birth year is
     * known, how often each expression was the top one.
     */
    record Report(String source, int labelled, int people, int photos, int measured, int noFace, int genderCorrect, int[] byGender,
                  int[] correctByGender, int aged, double ageMae, double ageBias, double ageMedianError, int within5, int within10,
                  int[] expressions, double attributeMillisPerFace, int referenceYear, double chipCrop) {

        double genderAccuracy() {
            return measured == 0 ? Double.NaN : (double) genderCorrect / measured;
        }

        double accuracy(Gender g) {
            int n = byGender[g.ordinal()];
            return n == 0 ? Double.NaN : (double) correctByGender[g.ordinal()] / n;
        }
    }

    static Report evaluate(String source, int labelled, int people, int photos, List<Measured> measured, int noFace, double attributeMillis,
                           int estimatedFaces, int referenceYear, double chipCrop) {
        int correct = 0;
        int[] byGender = new int[2], correctByGender = new int[2], expressions = new int[Expression.values().length];
        List<Double> errors = new ArrayList<>();
        double signed = 0;
        for (Measured m : measured) {
            int g = m.label().gender().ordinal();
            byGender[g]++;
            if (m.estimate().gender() == m.label().gender()) {
                correct++;
                correctByGender[g]++;
            }
            expressions[m.estimate().expression().ordinal()]++;
            if (m.label().birthYear() > 0) {
                double error = m.estimate().age() - (referenceYear - m.label().birthYear());
                errors.add(Math.abs(error));
                signed += error;
            }
        }
        double[] abs = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mae = abs.length == 0 ? Double.NaN : Arrays.stream(abs).average().orElse(Double.NaN);
        double median = abs.length == 0 ? Double.NaN : abs.length % 2 == 1 ? abs[abs.length / 2] : (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;
        int within5 = (int) Arrays.stream(abs).filter(e -> e <= 5).count(), within10 = (int) Arrays.stream(abs).filter(e -> e <= 10).count();
        return new Report(source, labelled, people, photos, measured.size(), noFace, correct, byGender, correctByGender, abs.length, mae,
                abs.length == 0 ? Double.NaN : signed / abs.length, median, within5, within10, expressions,
                estimatedFaces == 0 ? Double.NaN : attributeMillis / estimatedFaces, referenceYear, chipCrop);
    }

    static String table(Report r) {
        StringBuilder s = new StringBuilder();
        s.append("Face attributes (age, gender, expression) on ").append(r.source()).append('\n');
        s.append(String.format(Locale.ROOT, "  labelled people %d, with photos %d; photos %d; faces measured %d; no face found %d%n", r.labelled(), r.people(),
                r.photos(), r.measured(), r.noFace()));
        s.append(String.format(Locale.ROOT, "  chip crop %.2f of the aligned chip; ages relative to %d%n%n", r.chipCrop(), r.referenceYear()));
        s.append(String.format(Locale.ROOT, "  gender accuracy        %.4f  (%d of %d faces)%n", r.genderAccuracy(), r.genderCorrect(), r.measured()));
        for (Gender g : Gender.values()) {
            s.append(String.format(Locale.ROOT, "    of %-7s faces      %.4f  (%d of %d)%n", g.label(), r.accuracy(g), r.correctByGender()[g.ordinal()],
                    r.byGender()[g.ordinal()]));
        }
        s.append(String.format(Locale.ROOT, "  age MAE                %.2f years  (%d faces with a birth year)%n", r.ageMae(), r.aged()));
        s.append(String.format(Locale.ROOT, "  age bias               %+.2f years  (estimate − labelled age, mean)%n", r.ageBias()));
        s.append(String.format(Locale.ROOT, "  age median |error|     %.2f years; within 5 years %.1f %%, within 10 years %.1f %%%n", r.ageMedianError(),
                100.0 * r.within5() / Math.max(1, r.aged()), 100.0 * r.within10() / Math.max(1, r.aged())));
        s.append("  top expression        ");
        List<String> parts = new ArrayList<>();
        for (Expression e : Expression.values()) {
            parts.add(e.label() + " " + r.expressions()[e.ordinal()]);
        }
        s.append(String.join(", ", parts)).append('\n');
        s.append(String.format(Locale.ROOT, "  attribute nets         %.2f ms per face (both nets, batched per photo)%n", r.attributeMillisPerFace()));
        return s.toString();
    }

    static ObjectNode json(Report r, List<Measured> measured, ObjectMapper mapper) {
        ObjectNode j = mapper.createObjectNode().put("source", r.source()).put("labelled_people", r.labelled()).put("people_with_photos", r.people())
                .put("photos", r.photos()).put("faces_measured", r.measured()).put("no_face", r.noFace()).put("chip_crop", r.chipCrop())
                .put("reference_year", r.referenceYear());
        ObjectNode gender = j.putObject("gender").put("accuracy", r.genderAccuracy()).put("correct", r.genderCorrect()).put("faces", r.measured());
        for (Gender g : Gender.values()) {
            gender.putObject(g.label()).put("accuracy", r.accuracy(g)).put("faces", r.byGender()[g.ordinal()]);
        }
        j.putObject("age").put("mae", r.ageMae()).put("bias", r.ageBias()).put("median_abs_error", r.ageMedianError()).put("faces", r.aged())
                .put("within_5", r.within5()).put("within_10", r.within10());
        ObjectNode ex = j.putObject("top_expression");
        for (Expression e : Expression.values()) {
            ex.put(e.label(), r.expressions()[e.ordinal()]);
        }
        j.put("attribute_ms_per_face", r.attributeMillisPerFace());
        ArrayNode faces = j.putArray("faces");
        for (Measured m : measured) {
            FaceAttributes a = m.estimate();
            ObjectNode f = faces.addObject().put("photo", m.photo()).put("name", m.label().name()).put("gender", m.label().gender().label());
            if (m.label().birthYear() > 0) {
                f.put("age", r.referenceYear() - m.label().birthYear());
            }
            f.put("estimated_age", a.age()).put("estimated_gender", a.gender().label())
                    .put("male_probability", a.gender() == Gender.MALE ? a.genderProbability() : 1 - a.genderProbability())
                    .put("expression", a.expression().label());
            ArrayNode scores = f.putArray("expression_scores");
            for (float v : a.expressionScores()) {
                scores.add(v);
            }
        }
        return j;
    }
}
