package dev.imagemoderation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.config.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private final Env env =
            Env.of(Map.of("EXEMPT_BOT_IDS", " C1, C2 C3,,", "SLACK_BOT_ID", "  ", "QUEUE_URL", "http://q "));

    @Test
    void list_commaOrSpaceSeparated_ignoresEmpties() {
        assertThat(env.list(Setting.EXEMPT_BOT_IDS)).containsExactlyInAnyOrder("C1", "C2", "C3");
        assertThat(env.list(Setting.SLACK_ALLOWED_HOSTS)).isEmpty();
    }

    @Test
    void required_missingOrBlank_failsNamingTheVariable() {
        assertThat(env.required(Setting.QUEUE_URL)).isEqualTo("http://q");
        assertThatThrownBy(() -> env.required(Setting.SLACK_BOT_ID))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLACK_BOT_ID");
        assertThatThrownBy(() -> env.required(Setting.BUCKET_NAME))
                .hasMessage("environment variable BUCKET_NAME is not set");
    }
}
