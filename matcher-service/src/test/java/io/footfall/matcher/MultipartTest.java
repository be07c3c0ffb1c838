package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {

    static final String TYPE = "multipart/form-data; boundary=XyZ";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void fields_and_binary_files_are_parsed_in_order() throws Exception {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // contains CR, LF and dashes
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes("preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nZoë\r\n"
                .replace("Zoë", new String("Zoë".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))));
        body.writeBytes(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a \\\"b\\\".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"));
        body.writeBytes(binary);
        body.writeBytes(bytes("\r\n--XyZ\r\ncontent-disposition: form-data; name=photo; filename*=UTF-8''%E7%85%A7%E7%89%87.png\r\n\r\n"));
        body.writeBytes(bytes("\r\n--XyZ--\r\nepilogue"));

        List<Multipart.Part> parts = Multipart.parse(body.toByteArray(), TYPE);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).name()).isEqualTo("name");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).text()).isEqualTo("Zoë");
        assertThat(parts.get(1).filename()).isEqualTo("a \"b\".jpg");
        assertThat(parts.get(1).contentType()).isEqualTo("image/jpeg");
        assertThat(parts.get(1).data()).isEqualTo(binary);
        assertThat(parts.get(2).filename()).isEqualTo("照片.png");
        assertThat(parts.get(2).data()).isEmpty();
    }

    @Test
    void a_body_as_browsers_and_curl_send_it_parses() throws Exception {
        String type = "multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"";
        String body = "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nada\r\n"
                + "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
        assertThat(Multipart.parse(bytes(body), type)).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo("ada"));
        assertThat(Multipart.parse(bytes("--XyZ--"), TYPE)).isEmpty();
    }

    @Test
    void the_content_type_must_be_form_data_with_a_boundary() {
        assertThat(Multipart.isFormData("multipart/form-data; boundary=x")).isTrue();
        assertThat(Multipart.isFormData("Multipart/Form-Data;boundary=x")).isTrue();
        assertThat(Multipart.isFormData("application/json")).isFalse();
        assertThat(Multipart.isFormData("multipart/mixed; boundary=x")).isFalse();
        assertThat(Multipart.isFormData(null)).isFalse();
        assertThatThrownBy(() -> Multipart.parse(bytes("--x--"), "multipart/form-data")).hasMessageContaining("no boundary");
        assertThatThrownBy(() -> Multipart.parse(bytes("--x--"), "multipart/form-data; boundary=" + "x".repeat(71)))
                .hasMessageContaining("longer than 70");
    }

    @Test
    void malformed_bodies_are_refused_with_what_is_wrong() {
        String part = "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nabc";
        assertThatThrownBy(() -> Multipart.parse(bytes(part), TYPE)).isInstanceOf(Multipart.MalformedException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multipart.parse(bytes("no boundary here"), TYPE)).hasMessageContaining("does not contain the boundary");
        assertThatThrownBy(() -> Multipart.parse(bytes(""), TYPE)).hasMessageContaining("does not contain the boundary");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nabc"), TYPE))
                .hasMessageContaining("headers are not terminated");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--"), TYPE))
                .hasMessageContaining("no 'Content-Disposition: form-data'");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nabc\r\n--XyZ--"), TYPE))
                .hasMessageContaining("no field name");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nabc\r\n--XyZ--"), TYPE))
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nbroken header\r\n\r\nabc\r\n--XyZ--"), TYPE))
                .hasMessageContaining("malformed header");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZjunk"), TYPE)).hasMessageContaining("line break");
        assertThatThrownBy(() -> Multipart.parse(bytes("--XyZ\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\nabc\r\n--XyZ--"), TYPE))
                .hasMessageContaining("longer than");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= Multipart.MAX_PARTS; i++) {
            many.append("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n");
        }
        many.append("--XyZ--");
        assertThatThrownBy(() -> Multipart.parse(bytes(many.toString()), TYPE)).hasMessageContaining("more than " + Multipart.MAX_PARTS);
    }
}
