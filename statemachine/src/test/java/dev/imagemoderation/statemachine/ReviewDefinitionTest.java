package dev.imagemoderation.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Static checks of review.asl.json: the same rules as the moderation's, and the review's own. */
class ReviewDefinitionTest {

    private static String text;
    private static JsonNode root;

    @BeforeAll
    static void load() throws Exception {
        text = ReviewWorkflow.definition();
        root = new ObjectMapper().readTree(text);
    }

    @Test
    void theDefinitionIsWellFormed_everyExpressionParses_andEveryStateIsReachable() {
        assertThat(root.path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(DefinitionChecks.transitionProblems(root)).isEmpty();
        assertThat(DefinitionChecks.expressionProblems(root)).isEmpty();
        DefinitionChecks.assertKnownErrorNames(DefinitionChecks.errorNames(root));
    }

    @Test
    void placeholders_areExactlyTheSharedSubstitutionNames() {
        assertThat(DefinitionChecks.placeholders(text))
                .containsExactlyInAnyOrderElementsOf(ReviewWorkflow.SUBSTITUTIONS);
    }

    @Test
    void everyLambdaTask_retriesAsTheModerationsDo() {
        List<JsonNode> tasks = DefinitionChecks.lambdaTasks(root);
        assertThat(tasks).hasSizeGreaterThanOrEqualTo(8);
        tasks.forEach(DefinitionChecks::assertLambdaTask);
    }

    @Test
    void nothingActsBeforeTheClickerIsAuthorizedAndTheReportClaimed() {
        JsonNode s = root.path("States");
        assertThat(root.path("StartAt").asText()).isEqualTo("LoadModeration");
        assertThat(s.path("LoadModeration").path("Resource").asText()).isEqualTo(ReviewWorkflow.DESCRIBE_EXECUTION);
        assertThat(s.path("ModerationFinished")
                        .path("Choices")
                        .get(0)
                        .path("Next")
                        .asText())
                .isEqualTo("Authorize");
        assertThat(s.path("Authorize").path("Next").asText()).isEqualTo("Authorized");
        assertThat(s.path("Authorized").path("Choices").get(0).path("Condition").asText())
                .as("a view needs the authorization too")
                .contains("$authorization.allowed");
        assertThat(s.path("Authorized").path("Choices").get(0).path("Next").asText())
                .isEqualTo("RevealOriginal");
        assertThat(s.path("Authorized").path("Choices").get(1).path("Next").asText())
                .isEqualTo("Claim");
        assertThat(s.path("Authorized").path("Default").asText()).isEqualTo("Refuse");
        assertThat(s.path("Claimed").path("Choices").get(0).path("Next").asText())
                .isEqualTo("Act");
        assertThat(s.path("Claimed").path("Default").asText()).isEqualTo("AnswerAlreadyHandled");
    }

    @Test
    void aModeratorsRemoval_reusesTheModerationsOwnTasks_inItsOrder() {
        JsonNode s = root.path("States");
        assertThat(s.path("DecideRemoval").path("Next").asText()).isEqualTo("QuarantineFiles");
        assertThat(s.path("QuarantineFiles").path("Next").asText()).isEqualTo("RemoveFiles");
        assertThat(s.path("RemoveFiles").path("Next").asText()).isEqualTo("NotifyChannel");
        assertThat(s.path("NotifyChannel").path("Next").asText()).isEqualTo("NotifyPoster");
        for (String reused : List.of("RemoveFiles", "NotifyChannel", "NotifyPoster")) {
            assertThat(s.path(reused).path("Arguments").path("FunctionName").asText())
                    .isEqualTo("${" + reused + "FunctionArn}");
        }
        assertThat(s.path("QuarantineFiles").toString())
                .contains("arn:aws:states:::aws-sdk:s3:copyObject")
                .contains("\"ServerSideEncryption\":\"AES256\"");
    }
}
