package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.faces.eval.PairsFile.LabelledPair;
import io.footfall.faces.eval.PairsFile.PairsFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsFileTest {

    @TempDir
    Path images;

    @BeforeEach
    void photos() throws Exception {
        for (String p : List.of("ada/1.jpg", "ada/2.jpg", "bob/1.jpg", "with, comma/1.jpg")) {
            Files.createDirectories(images.resolve(p).getParent());
            Files.write(images.resolve(p), new byte[] {1});
        }
    }

    private List<LabelledPair> parse(String... lines) {
        return PairsFile.parse(List.of(lines), "pairs.csv", images);
    }

    @Test
    void reads_pairs_with_or_without_a_header_and_every_spelling_of_the_label() {
        List<LabelledPair> withHeader = parse("path_a,path_b,same", "ada/1.jpg,ada/2.jpg,1", "ada/1.jpg,bob/1.jpg,0");
        assertThat(withHeader).containsExactly(new LabelledPair(2, "ada/1.jpg", "ada/2.jpg", true), new LabelledPair(3, "ada/1.jpg", "bob/1.jpg", false));

        List<LabelledPair> spelled = parse("\uFEFF# a comment", "", " ada/1.jpg , ada/2.jpg , Same ", "ada/2.jpg,bob/1.jpg,different",
                "ada/1.jpg,ada/2.jpg,true", "ada/1.jpg,bob/1.jpg,no", "ada/2.jpg,ada/1.jpg,YES", "bob/1.jpg,ada/1.jpg,false");
        assertThat(spelled).extracting(LabelledPair::same).containsExactly(true, false, true, false, true, false);
        assertThat(spelled.get(0).line()).isEqualTo(3);
        assertThat(spelled.get(0).pathA()).isEqualTo("ada/1.jpg");
    }

    @Test
    void quoted_fields_may_hold_commas_and_quotes() {
        assertThat(PairsFile.fields("\"with, comma/1.jpg\",ada/1.jpg,0")).containsExactly("with, comma/1.jpg", "ada/1.jpg", "0");
        assertThat(PairsFile.fields("\"say \"\"hi\"\"\",b,1")).containsExactly("say \"hi\"", "b", "1");
        assertThat(parse("\"with, comma/1.jpg\",ada/1.jpg,0", "ada/1.jpg,ada/2.jpg,1")).hasSize(2);
    }

    @Test
    void every_bad_row_is_reported_with_its_line_number_at_once() {
        assertThatThrownBy(() -> parse("path_a,path_b,same",
                "ada/1.jpg,ada/2.jpg",                      // 2: two fields
                "ada/1.jpg,ada/2.jpg,maybe",                // 3: bad label
                "ada/1.jpg,carol/1.jpg,0",                  // 4: missing photo
                "/etc/passwd,ada/1.jpg,0",                  // 5: absolute
                "../outside.jpg,ada/1.jpg,0",               // 6: outside the folder
                "ada/1.jpg,ada/1.jpg,1",                    // 7: a photo with itself
                ",ada/1.jpg,1",                             // 8: empty path
                "\"ada/1.jpg,ada/2.jpg,1",                  // 9: quote not closed
                "ada/1.jpg,ada/2.jpg,1"))
                .isInstanceOfSatisfying(PairsFileException.class, e -> {
                    assertThat(e.problems()).hasSize(8);
                    assertThat(e.problems().get(0)).startsWith("line 2: expected 3 fields").contains("found 2");
                    assertThat(e.problems().get(1)).startsWith("line 3: 'same' is 'maybe'");
                    assertThat(e.problems().get(2)).startsWith("line 4: path_b 'carol/1.jpg' does not exist");
                    assertThat(e.problems().get(3)).startsWith("line 5: path_a '/etc/passwd' is absolute");
                    assertThat(e.problems().get(4)).startsWith("line 6: path_a '../outside.jpg' points outside the images folder");
                    assertThat(e.problems().get(5)).startsWith("line 7: compares ada/1.jpg with itself");
                    assertThat(e.problems().get(6)).startsWith("line 8: path_a is empty");
                    assertThat(e.problems().get(7)).startsWith("line 9: a quote is not closed");
                    assertThat(e.getMessage()).startsWith("pairs.csv has 8 problems:").contains("line 9");
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_file_needs_both_kinds_of_pair() {
        assertThatThrownBy(() -> parse("ada/1.jpg,ada/2.jpg,1")).hasMessageContaining("no different-person pair");
        assertThatThrownBy(() -> parse("ada/1.jpg,bob/1.jpg,0")).hasMessageContaining("no same-person pair");
        assertThatThrownBy(() -> parse("path_a,path_b,same", "# nothing")).hasMessageContaining("no pairs");
    }

    @Test
    void a_long_list_of_problems_is_cut_with_a_count() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            lines.add("ada/1.jpg,bob/1.jpg,2");
        }
        assertThatThrownBy(() -> PairsFile.parse(lines, "big.csv", images))
                .isInstanceOfSatisfying(PairsFileException.class, e -> assertThat(e.problems()).hasSize(25))
                .hasMessageContaining("line 20:").hasMessageNotContaining("line 21:").hasMessageContaining("... and 5 more");
    }

    @Test
    void a_missing_file_or_folder_is_named() throws Exception {
        assertThatThrownBy(() -> PairsFile.read(images.resolve("nope.csv"), images)).hasMessageContaining("does not exist");
        Path csv = Files.writeString(images.resolve("pairs.csv"), "ada/1.jpg,ada/2.jpg,1\nada/1.jpg,bob/1.jpg,0\n");
        assertThatThrownBy(() -> PairsFile.read(csv, images.resolve("nowhere"))).hasMessageContaining("images folder");
        assertThat(PairsFile.read(csv, images)).hasSize(2);
    }

    @Test
    void reads_lfw_pairs_txt_of_view_1_and_view_2() throws Exception {
        for (String p : List.of("Ada_Lovelace/Ada_Lovelace_0001.jpg", "Ada_Lovelace/Ada_Lovelace_0002.jpg", "Bob/Bob_0001.jpg", "Bob/Bob_0012.jpg")) {
            Files.createDirectories(images.resolve(p).getParent());
            Files.write(images.resolve(p), new byte[] {1});
        }
        // View 1: N same-person pairs, then N different-person pairs, no folds
        List<LabelledPair> view1 = PairsFile.parse(List.of("2", "Ada_Lovelace\t1\t2", "Bob 1 12", "Ada_Lovelace\t1\tBob\t12",
                "Bob\t1\tAda_Lovelace\t2"), "pairsDevTest.txt", images);
        assertThat(view1).containsExactly(
                new LabelledPair(2, "Ada_Lovelace/Ada_Lovelace_0001.jpg", "Ada_Lovelace/Ada_Lovelace_0002.jpg", true, null),
                new LabelledPair(3, "Bob/Bob_0001.jpg", "Bob/Bob_0012.jpg", true, null),
                new LabelledPair(4, "Ada_Lovelace/Ada_Lovelace_0001.jpg", "Bob/Bob_0012.jpg", false, null),
                new LabelledPair(5, "Bob/Bob_0001.jpg", "Ada_Lovelace/Ada_Lovelace_0002.jpg", false, null));
        // View 2: FOLDS N, each fold N same then N different
        List<LabelledPair> view2 = PairsFile.parse(List.of("2\t1", "Bob\t1\t12", "Bob\t1\tAda_Lovelace\t1",
                "Ada_Lovelace\t1\t2", "Ada_Lovelace\t2\tBob\t1"), "pairs.txt", images);
        assertThat(view2).extracting(LabelledPair::fold).containsExactly(0, 0, 1, 1);
        assertThat(view2).extracting(LabelledPair::same).containsExactly(true, false, true, false);
    }

    @Test
    void an_lfw_pairs_file_with_rows_out_of_place_or_missing_photos_is_refused_line_by_line() throws Exception {
        Files.createDirectories(images.resolve("Bob"));
        Files.write(images.resolve("Bob/Bob_0001.jpg"), new byte[] {1});
        assertThatThrownBy(() -> PairsFile.parse(List.of("2", "Bob\t1\tAda\t3", "Bob\t1\t7", "Bob\tone\ttwo", "Bob\t1\tAda\t3"), "pairs.txt", images))
                .isInstanceOf(PairsFileException.class)
                .hasMessageContaining("line 2: a different-person pair where the header's layout puts same-person pairs")
                .hasMessageContaining("line 3: second photo 'Bob/Bob_0007.jpg' does not exist")
                .hasMessageContaining("line 4: photo number 'one' of Bob is not a whole number from 1");
        assertThatThrownBy(() -> PairsFile.parse(List.of("2", "Bob\t1\t1"), "pairs.txt", images))
                .hasMessageContaining("compares Bob/Bob_0001.jpg with itself");
    }

    @Test
    void a_csv_header_finds_columns_by_name_with_a_fold_column_and_extra_columns_ignored() {
        List<LabelledPair> pairs = parse("note,same,path_b,path_a,fold", "x,1,ada/2.jpg,ada/1.jpg,0", "y,0,bob/1.jpg,ada/1.jpg,1");
        assertThat(pairs).containsExactly(new LabelledPair(2, "ada/1.jpg", "ada/2.jpg", true, 0), new LabelledPair(3, "ada/1.jpg", "bob/1.jpg", false, 1));
        assertThat(parse("ada/1.jpg,ada/2.jpg,1,extra", "ada/1.jpg,bob/1.jpg,0,more")).extracting(LabelledPair::fold).containsOnlyNulls();
        assertThatThrownBy(() -> parse("path_a,path_b,same,fold", "ada/1.jpg,ada/2.jpg,1,first", "ada/1.jpg,bob/1.jpg,0,-1"))
                .hasMessageContaining("line 2: 'fold' is 'first'").hasMessageContaining("line 3: 'fold' is '-1'");
    }
}
