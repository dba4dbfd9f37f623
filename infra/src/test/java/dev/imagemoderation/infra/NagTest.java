package dev.imagemoderation.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** cdk-nag's AwsSolutions pack finds nothing that is not suppressed with a reason. */
class NagTest {

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedErrorsOrWarnings() {
        App app = App.Builder.create()
                .context(Map.of("moderatorsChannel", "C0MODS0001"))
                .build();
        ModerationStack stack = ModerationApp.build(app);
        app.synth();

        var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        var warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream()
                        .map(e -> e.getId() + ": " + e.getEntry().getData())
                        .collect(Collectors.joining("\n")))
                .isEmpty();
        assertThat(warnings.stream()
                        .map(e -> e.getId() + ": " + e.getEntry().getData())
                        .collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
