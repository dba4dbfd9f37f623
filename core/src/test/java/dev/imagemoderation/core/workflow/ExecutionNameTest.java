package dev.imagemoderation.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionNameTest {

    @Test
    void of_slackIds_isTeamDashEvent() {
        assertThat(ExecutionName.of("T0MODTEAM1", "Ev08MFMKH6J7")).isEqualTo("T0MODTEAM1-Ev08MFMKH6J7");
    }

    @Test
    void of_unsafeCharacters_areReplaced_andLengthCapped() {
        assertThat(ExecutionName.of("T 1", "Ev/1:x")).isEqualTo("T_1-Ev_1_x");
        assertThat(ExecutionName.of("T1", "E".repeat(200))).hasSize(ExecutionName.MAX_LENGTH);
    }

    @Test
    void of_missingPart_isRefused() {
        assertThatThrownBy(() -> ExecutionName.of("T1", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecutionName.of(null, "Ev1")).isInstanceOf(IllegalArgumentException.class);
    }
}
