package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgeBandsTest {

    @Test
    void the_default_bands_place_every_age_in_one_band() {
        AgeBands bands = AgeBands.parse(AgeBands.DEFAULT);
        assertThat(bands.labels()).containsExactly("0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+");
        assertThat(bands.band(-3)).isEqualTo("0-17");
        assertThat(bands.band(17.99f)).isEqualTo("0-17");
        assertThat(bands.band(18)).isEqualTo("18-24");
        assertThat(bands.band(34.5f)).isEqualTo("25-34");
        assertThat(bands.band(64.9f)).isEqualTo("55-64");
        assertThat(bands.band(103)).isEqualTo("65+");
        assertThat(bands.toString()).isEqualTo(AgeBands.DEFAULT);
    }

    @Test
    void settable_bands_with_spaces() {
        assertThat(AgeBands.parse(" 0-29 , 30+ ").band(29.5f)).isEqualTo("0-29");
        assertThat(AgeBands.parse("0+").band(50)).isEqualTo("0+");
    }

    @Test
    void bad_bands_say_what_is_wrong() {
        assertThatThrownBy(() -> AgeBands.parse("0-17,20-30,31+")).hasMessageContaining("'20-30' should start at 18");
        assertThatThrownBy(() -> AgeBands.parse("0-17,18-24")).hasMessageContaining("the last age band should be open-ended");
        assertThatThrownBy(() -> AgeBands.parse("0-17,18+,30+")).hasMessageContaining("only the last age band may be open-ended");
        assertThatThrownBy(() -> AgeBands.parse("0-17,eighteen+")).hasMessageContaining("is not FROM-TO or FROM+");
        assertThatThrownBy(() -> AgeBands.parse("5-17,18+")).hasMessageContaining("should start at 0");
        assertThatThrownBy(() -> AgeBands.parse("0-17,30-20,31+")).hasMessageContaining("should start at 18");
    }
}
