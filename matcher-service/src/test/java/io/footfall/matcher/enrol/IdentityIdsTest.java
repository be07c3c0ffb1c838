package io.footfall.matcher.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdentityIdsTest {

    @Test
    void a_name_becomes_a_stable_lower_case_slug() {
        assertThat(IdentityIds.slug("Ada Lovelace")).isEqualTo("ada-lovelace");
        assertThat(IdentityIds.slug("  ada_lovelace ")).isEqualTo("ada-lovelace");
        assertThat(IdentityIds.slug("Zoë Ñúñez-O'Brien")).isEqualTo("zoe-nunez-o-brien");
        assertThat(IdentityIds.slug("Jürgen Groß")).isEqualTo("jurgen-gross");
        assertThat(IdentityIds.slug("franck")).isEqualTo("franck");
        assertThat(IdentityIds.slug("--Bob  2--")).isEqualTo("bob-2");
        assertThat(IdentityIds.slug("x".repeat(300))).hasSize(64);
    }

    @Test
    void a_name_without_latin_letters_gets_a_stable_hashed_id() {
        String a = IdentityIds.slug("李小龙");
        assertThat(a).startsWith("id-").hasSize(19).isEqualTo(IdentityIds.slug(" 李小龙 "));
        assertThat(IdentityIds.slug("王菲")).isNotEqualTo(a);
        assertThat(IdentityIds.VALID_ID.matcher(a).matches()).isTrue();
    }

    @Test
    void a_blank_name_is_refused() {
        assertThatThrownBy(() -> IdentityIds.slug("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ids_given_by_users_must_be_safe_in_paths_and_keys() {
        assertThat(IdentityIds.checkId("member-0042")).isEqualTo("member-0042");
        assertThat(IdentityIds.checkId("A.b_c-1")).isEqualTo("A.b_c-1");
        for (String bad : new String[] {"", "-x", "a/b", "a b", "../etc", "é", "x".repeat(129)}) {
            assertThatThrownBy(() -> IdentityIds.checkId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void the_template_id_is_a_hash_of_the_photo_bytes() {
        byte[] photo = "photo bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(IdentityIds.templateId(photo)).hasSize(32).matches("[0-9a-f]+").isEqualTo(IdentityIds.templateId(photo.clone()));
        assertThat(IdentityIds.templateId("other bytes".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(IdentityIds.templateId(photo));
    }
}
