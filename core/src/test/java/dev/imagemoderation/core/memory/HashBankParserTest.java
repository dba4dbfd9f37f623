package dev.imagemoderation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class HashBankParserTest {

    static final String A = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";
    static final String B = "b0a10efd71cc3f429413d48d0ffffe12e34e0e17ada952a9d29684210aa9e5af";

    @Test
    void aBankWithTwoBadLinesLoadsTheRestAndNamesTheBadLines() {
        String csv = "hash,quality,label\n"
                + A + ",100,bridge\n"
                + "not-a-hash,90\n"
                + "\n"
                + "# a comment\n"
                + B.toUpperCase() + "\n"
                + B.substring(0, 60) + ",80\n"
                + A + ",30,too flat\n";

        HashBank bank = HashBankParser.parse("partner-list", new StringReader(csv));

        assertThat(bank.entries()).extracting(e -> e.hash().hex()).containsExactly(A, B);
        assertThat(bank.entries().getFirst().label()).isEqualTo("bridge");
        assertThat(bank.entries().get(1).hash().quality()).isEqualTo(100);
        assertThat(bank.badLines())
                .extracting(HashBank.BadLine::toString)
                .containsExactly(
                        "line 3: a PDQ hash is 64 hex digits; got 10 characters",
                        "line 7: a PDQ hash is 64 hex digits; got 60 characters",
                        "line 8: the quality 30 is under 50: the hash would never match");
    }

    @Test
    void aBadQualityOrNonHexDigitsAreReported() {
        HashBank bank =
                HashBankParser.parse("b", new StringReader(A + ",high\n" + A.replace('f', 'g') + "\n" + A + ",101\n"));

        assertThat(bank.entries()).isEmpty();
        assertThat(bank.badLines())
                .extracting(HashBank.BadLine::reason)
                .containsExactly(
                        "the quality is not a whole number",
                        "a PDQ hash has only hex digits 0-9 and a-f",
                        "the quality 101 is not between 0 and 100");
    }

    @Test
    void aBanksNameIsCheckedBeforeItsContent() {
        assertThatThrownBy(() -> HashBankParser.parse("../etc", new StringReader(A)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a bank's name");
    }
}
