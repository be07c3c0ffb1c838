package io.footfall.runtime.config;

import java.util.Locale;
import java.util.Set;

/**
 * What an access token must be: long enough to resist guessing, and not a placeholder left in from an example file
 * (the compose file and manifests ship without a usable token on purpose).
 */
final class TokenRules {

    static final int MIN_LENGTH = 16;
    /** Placeholders as they are commonly written, compared without case, digits or punctuation. */
    private static final Set<String> PLACEHOLDERS = Set.of("changeme", "replaceme", "changeit", "changethis", "replacethis", "secret",
            "password", "token", "apitoken", "yourtoken", "mytoken", "example", "default", "placeholder", "test", "admin", "xxx", "todo");
    private static final String HOW = "use at least " + MIN_LENGTH + " random characters, e.g. the output of 'openssl rand -hex 24'";

    private TokenRules() {}

    /** Why {@code token} is refused, or null when it is acceptable (empty is: it turns the guarded requests off). */
    static String problem(String token) {
        if (token.isEmpty()) {
            return null;
        }
        String letters = token.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (PLACEHOLDERS.contains(letters) || letters.contains("changeme") || letters.contains("replaceme")
                || letters.contains("placeholder") || letters.contains("yourtoken")) {
            return "a placeholder, not a token; " + HOW;
        }
        if (token.length() < MIN_LENGTH) {
            return "too short (" + token.length() + " characters); " + HOW;
        }
        if (token.chars().distinct().count() < 6) {
            return "too predictable (fewer than 6 different characters); " + HOW;
        }
        return null;
    }
}
