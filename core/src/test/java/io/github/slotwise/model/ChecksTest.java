package io.github.slotwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Checks#isId} in one pass over the chars accepts exactly what its definition accepts: not
 * blank ({@link String#isBlank}, over code points), no control character, at most {@link
 * Limits#MAX_ID_LENGTH} characters.
 */
class ChecksTest {

    private static boolean byDefinition(String id) {
        return id != null
                && id.length() <= Limits.MAX_ID_LENGTH
                && !id.isBlank()
                && id.chars().noneMatch(Character::isISOControl);
    }

    @Test
    void everySingleCharAndPair() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String one = String.valueOf((char) c);
            assertThat(Checks.isId(one)).as("U+%04X", c).isEqualTo(byDefinition(one));
            String two = " " + (char) c;
            assertThat(Checks.isId(two)).as("space, U+%04X", c).isEqualTo(byDefinition(two));
        }
        for (int cp = Character.MIN_SUPPLEMENTARY_CODE_POINT; cp <= Character.MAX_CODE_POINT; cp += 97) {
            String s = " " + Character.toString(cp) + "\u2003";
            assertThat(Checks.isId(s)).as("U+%X", cp).isEqualTo(byDefinition(s));
        }
    }

    @Test
    void randomStringsOfAwkwardChars() {
        char[] alphabet = {
            ' ', '\t', '\n', '\u000b', '\u001c', '\u007f', '\u0085', '\u00a0', '\u1680', '\u2003', '\u2007', '\u2028',
            '\u3000', '\ufeff', '\ud83d', '\ude00', 'a', '/', '#', '-'
        };
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 100_000; k++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(0, 7);
            for (int i = 0; i < n; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String id = s.toString();
            assertThat(Checks.isId(id))
                    .as("%s", id.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(byDefinition(id));
        }
        assertThat(Checks.isId(null)).isFalse();
        assertThat(Checks.isId("x".repeat(Limits.MAX_ID_LENGTH))).isTrue();
        assertThat(Checks.isId("x".repeat(Limits.MAX_ID_LENGTH + 1))).isFalse();
    }
}
