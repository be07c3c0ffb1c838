package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.footfall.faces.eval.AlignmentTemplateFit.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignmentTemplateFitTest {

    private static final double[][] FACE = {{50, 60}, {100, 62}, {74, 90}, {55, 115}, {97, 113}};

    @TempDir
    Path dir;

    @Test
    void the_template_is_the_mean_of_the_landmarks_with_their_spread() {
        AlignmentTemplateFit fit = new AlignmentTemplateFit();
        fit.checkSize(Path.of("a.png"), 150, 150);
        fit.add(shifted(-1));
        fit.checkSize(Path.of("b.png"), 150, 150);
        fit.add(shifted(+1));

        Template t = fit.template(3);

        assertThat(t.used()).isEqualTo(2);
        assertThat(t.chips()).isEqualTo(3);
        assertThat(t.width()).isEqualTo(150);
        assertThat(t.height()).isEqualTo(150);
        for (int i = 0; i < 5; i++) {
            assertThat(t.mean()[i]).containsExactly(FACE[i][0], FACE[i][1]);
            assertThat(t.sd()[i][0]).isCloseTo(1.0, within(1e-9));
            assertThat(t.sd()[i][1]).isCloseTo(0.0, within(1e-6));
        }
        assertThat(t.symmetric()).isDeepEqualTo(AlignmentTemplateFit.symmetric(t.mean()));
    }

    @Test
    void the_symmetric_template_mirrors_eyes_and_mouth_about_their_mean_x_and_puts_the_nose_on_the_axis() {
        double[][] s = AlignmentTemplateFit.symmetric(FACE);

        double axis = (50 + 100 + 55 + 97) / 4.0;
        assertThat(s[0]).containsExactly(axis - 25, 61);
        assertThat(s[1]).containsExactly(axis + 25, 61);
        assertThat(s[2]).containsExactly(axis, 90);
        assertThat(s[3]).containsExactly(axis - 21, 114);
        assertThat(s[4]).containsExactly(axis + 21, 114);
    }

    @Test
    void chips_of_another_size_are_refused() {
        AlignmentTemplateFit fit = new AlignmentTemplateFit();
        fit.checkSize(Path.of("a.png"), 150, 150);

        assertThatThrownBy(() -> fit.checkSize(Path.of("b.png"), 112, 112))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("b.png is 112×112, the chips before it 150×150: a template is fitted to chips of one size");
    }

    @Test
    void a_template_needs_a_chip() {
        assertThatThrownBy(() -> new AlignmentTemplateFit().template(4)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_table_names_every_point() {
        AlignmentTemplateFit fit = new AlignmentTemplateFit();
        fit.checkSize(Path.of("a.png"), 150, 150);
        fit.add(FACE);

        String table = fit.template(1).table();

        assertThat(table).startsWith("Template fitted to 1 of 1 chips (150×150):" + System.lineSeparator())
                .contains("point", "mean (x, y)", "sd (x, y)", "symmetric (x, y)")
                .contains("left eye", "right eye", "nose tip", "left mouth corner", "right mouth corner")
                .contains("(50.00, 60.00)", "(0.00, 0.00)");
        assertThat(table.lines()).hasSize(7);
    }

    @Test
    void chips_are_the_images_under_the_folders_in_name_order() throws Exception {
        for (String name : List.of("b/2.png", "a/1.jpg", "a/notes.txt", "c.bmp")) {
            Files.createDirectories(dir.resolve(name).getParent());
            Files.write(dir.resolve(name), new byte[] {1});
        }

        assertThat(AlignmentTemplateFit.chips(List.of(dir))).containsExactly(dir.resolve("a/1.jpg"), dir.resolve("b/2.png"), dir.resolve("c.bmp"));
        assertThatThrownBy(() -> AlignmentTemplateFit.chips(List.of(dir.resolve("nowhere")))).hasMessageContaining("is not a folder of face chips");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> AlignmentTemplateFit.chips(List.of(dir.resolve("empty")))).hasMessageContaining("no images in");
    }

    private static double[][] shifted(double dx) {
        double[][] p = new double[5][];
        for (int i = 0; i < 5; i++) {
            p[i] = new double[] {FACE[i][0] + dx, FACE[i][1]};
        }
        return p;
    }
}
