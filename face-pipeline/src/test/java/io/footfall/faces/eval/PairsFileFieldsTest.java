package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How one line of a pairs file splits into fields. */
class PairsFileFieldsTest {

    @Test
    void spaces_around_fields_and_quotes_are_dropped_and_empty_fields_kept() {
        assertThat(PairsFile.fields(" \"a, b.jpg\" , c.jpg ,1")).containsExactly("a, b.jpg", "c.jpg", "1");
        assertThat(PairsFile.fields("a.jpg,b.jpg,")).containsExactly("a.jpg", "b.jpg", "");
        assertThat(PairsFile.fields(",")).containsExactly("", "");
        assertThat(PairsFile.fields("it\"s.jpg,b.jpg,0")).as("a quote inside an unquoted field is text").containsExactly("it\"s.jpg", "b.jpg", "0");
    }

    @Test
    void text_after_a_closing_quote_names_its_field() {
        assertThatThrownBy(() -> PairsFile.fields("a.jpg,\"b.jpg\"x,1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text after a closing quote in field 2: a.jpg,\"b.jpg\"x,1");
        assertThatThrownBy(() -> PairsFile.fields("\"a,b.jpg\" x,c.jpg,1")).hasMessageStartingWith("text after a closing quote in field 1:");
        assertThatThrownBy(() -> PairsFile.fields("a.jpg,b.jpg,\"1\"0")).hasMessageStartingWith("text after a closing quote in field 3:");
    }

    @Test
    void an_unclosed_quote_is_reported_with_the_line_cut_short() {
        String line = "\"" + "x".repeat(100) + ",b.jpg,1";
        assertThatThrownBy(() -> PairsFile.fields(line)).hasMessage("a quote is not closed: " + line.substring(0, 77) + "...");
    }
}
