package dev.imagemoderation.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.memory.DecisionKind;
import org.junit.jupiter.api.Test;

class ReviewActionMemoryTest {

    @Test
    void restoringOrAllowingRemembersTheImageAsFine_confirmingOrOrderingARemovalAsNot_viewingAndAppealingNothing() {
        assertThat(ReviewAction.RESTORE.remembers()).contains(DecisionKind.ALLOWED);
        assertThat(ReviewAction.ALLOW.remembers()).contains(DecisionKind.ALLOWED);
        assertThat(ReviewAction.KEEP_REMOVED.remembers()).contains(DecisionKind.REMOVAL_CONFIRMED);
        assertThat(ReviewAction.REMOVE.remembers()).contains(DecisionKind.REMOVAL_CONFIRMED);
        assertThat(ReviewAction.VIEW.remembers()).isEmpty();
        assertThat(ReviewAction.APPEAL.remembers()).isEmpty();
        assertThat(DecisionKind.ALLOWED.action()).hasToString("ALLOW");
        assertThat(DecisionKind.REMOVAL_CONFIRMED.action()).hasToString("REMOVE");
    }
}
