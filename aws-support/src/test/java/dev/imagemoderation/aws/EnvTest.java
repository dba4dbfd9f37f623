package dev.imagemoderation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private final Env env = Env.of(Map.of("LIST", " C1, C2 C3,,", "BLANK", "  ", "QUEUE_URL", "http://q "));

    @Test
    void list_commaOrSpaceSeparated_ignoresEmpties() {
        assertThat(env.list("LIST")).containsExactlyInAnyOrder("C1", "C2", "C3");
        assertThat(env.list("MISSING")).isEmpty();
    }

    @Test
    void required_missingOrBlank_failsNamingTheVariable() {
        assertThat(env.required("QUEUE_URL")).isEqualTo("http://q");
        assertThatThrownBy(() -> env.required("BLANK"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("BLANK");
        assertThatThrownBy(() -> env.required("NOPE")).hasMessage("environment variable NOPE is not set");
    }
}
