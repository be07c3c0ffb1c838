package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.embedder.attributes.Expression;
import io.footfall.embedder.attributes.FaceAttributes;
import io.footfall.embedder.attributes.Gender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeEvaluationTest {

    @TempDir
    Path tmp;

    @Test
    void theLabelsKeptWithTheTestDataAreWellFormed() throws Exception {
        // the LFW labels of docs/ACCURACY.md (Demographics)
        List<AttributeEvaluation.Label> labels = AttributeEvaluation.read(Path.of("src/test/resources/demographics/lfw-people.csv"));
        assertThat(labels).hasSizeGreaterThan(300);
        assertThat(labels).filteredOn(l -> l.gender() == Gender.FEMALE).hasSizeGreaterThan(90);
        assertThat(labels).filteredOn(l -> l.birthYear() > 0).hasSizeGreaterThan(300);
    }

    @Test
    void labelsTakeAHeaderShortGendersAndAnEmptyBirthYear() throws Exception {
        Path csv = Files.writeString(tmp.resolve("l.csv"), "name,gender,birth_year\nAda,f,1915\n# a comment\nBob,male,\n");
        List<AttributeEvaluation.Label> labels = AttributeEvaluation.read(csv);
        assertThat(labels).containsExactly(new AttributeEvaluation.Label(2, "Ada", Gender.FEMALE, 1915),
                new AttributeEvaluation.Label(4, "Bob", Gender.MALE, 0));
    }

    @Test
    void genderAccuracyCountsEveryFaceAndAgeErrorOnlyThoseWithABirthYear() {
        // given three faces: a man estimated right and 5 years too old, a woman estimated male, a man without a birth year
        AttributeEvaluation.Label man = new AttributeEvaluation.Label(2, "A", Gender.MALE, 1963);
        AttributeEvaluation.Label woman = new AttributeEvaluation.Label(3, "B", Gender.FEMALE, 1973);
        AttributeEvaluation.Label unknownAge = new AttributeEvaluation.Label(4, "C", Gender.MALE, 0);
        List<AttributeEvaluation.Measured> measured = List.of(
                new AttributeEvaluation.Measured("A/1.jpg", man, attributes(45, Gender.MALE)),
                new AttributeEvaluation.Measured("B/1.jpg", woman, attributes(27, Gender.MALE)),
                new AttributeEvaluation.Measured("C/1.jpg", unknownAge, attributes(50, Gender.MALE)));

        // when (ages relative to 2003: 40 and 30)
        AttributeEvaluation.Report r = AttributeEvaluation.evaluate("test", 3, 3, 4, measured, 1, 30, 3, 2003, 0.8);

        // then
        assertThat(r.genderAccuracy()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(r.accuracy(Gender.FEMALE)).isZero();
        assertThat(r.accuracy(Gender.MALE)).isEqualTo(1.0);
        assertThat(r.aged()).isEqualTo(2);
        assertThat(r.ageMae()).isCloseTo(4.0, within(1e-9));
        assertThat(r.ageBias()).isCloseTo(1.0, within(1e-9));
        assertThat(r.within5()).isEqualTo(2);
        assertThat(r.attributeMillisPerFace()).isEqualTo(10.0);
        assertThat(AttributeEvaluation.table(r)).contains("gender accuracy        0.6667  (2 of 3 faces)", "age MAE                4.00 years  (2 faces");
    }

    private static FaceAttributes attributes(float age, Gender g) {
        float[] scores = new float[7];
        scores[Expression.HAPPY.ordinal()] = 1;
        return new FaceAttributes(age, g, 0.9f, Expression.HAPPY, scores);
    }
}
