package io.footfall.matcher.enrol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ids of enrolment: an identity id is a stable slug of the person's name (the same name always
 * gives the same id, so enrolling again adds to the same person); a template id is a hash of the
 * photo's bytes (the same photo always gives the same template, so enrolling it again adds nothing).
 */
public final class IdentityIds {

    /** What an identity id may look like: safe in a URL path, a Kafka key and a file name. */
    public static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final int MAX_SLUG = 64;

    private IdentityIds() {}

    /**
     * A lower-case ASCII slug of a name: accents dropped ("Zoë Ñúñez" → "zoe-nunez"), every run of other
     * characters one dash. A name with no Latin letter or digit (e.g. "李小龙") gets {@code id-} and a hash of
     * the name, still stable.
     */
    public static String slug(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a person needs a name");
        }
        String ascii = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < ascii.length() && slug.length() < MAX_SLUG; i++) {
            char c = ascii.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        if (slug.length() == 0) {
            return "id-" + sha256(name.strip().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        }
        return slug.toString();
    }

    /** Checks an identity id given by a user; returns it. */
    public static String checkId(String id) {
        if (id == null || !VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("identity id '" + id + "' is not valid: use 1 to 128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return id;
    }

    /** The id of the template made from a photo: the first 128 bits of the SHA-256 of its bytes, in hex. */
    public static String templateId(byte[] photo) {
        return sha256(photo).substring(0, 32);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
