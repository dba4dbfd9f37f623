package dev.imagemoderation.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.errors.WorkflowErrors;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Static checks of moderation.asl.json: what Step Functions would refuse at deploy time, and our own rules. */
class ModerationDefinitionTest {

    private static final List<String> SLACK_ACTIONS =
            List.of("RemoveFiles", "NotifyChannel", "NotifyPoster", "ReportToModerators");

    private static String text;
    private static JsonNode root;

    @BeforeAll
    static void load() throws Exception {
        text = ModerationWorkflow.definition();
        root = new ObjectMapper().readTree(text);
    }

    @Test
    void definition_usesJsonataAndStartsAtAnExistingState() {
        assertThat(root.path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(root.path("States").has(root.path("StartAt").asText())).isTrue();
    }

    @Test
    void namedStates_existInTheDefinition() {
        Set<String> all = new TreeSet<>();
        DefinitionChecks.forEachScope(
                root, "top", (scope, states) -> states.fieldNames().forEachRemaining(all::add));
        assertThat(all).containsAll(ModerationWorkflow.States.NAMED);
        assertThat(all).doesNotContain("NoSuchState");
    }

    @Test
    void everyTransition_targetsAStateOfTheSameScope_andEveryStateIsReachable() {
        assertThat(DefinitionChecks.transitionProblems(root)).isEmpty();
    }

    @Test
    void placeholders_areExactlyTheSharedSubstitutionNames() {
        assertThat(DefinitionChecks.placeholders(text))
                .containsExactlyInAnyOrderElementsOf(ModerationWorkflow.SUBSTITUTIONS);
    }

    @Test
    void errorNames_areStatesLambdaOrCoreErrorClasses() {
        Set<String> names = DefinitionChecks.errorNames(root);
        DefinitionChecks.assertKnownErrorNames(names);
        assertThat(names)
                .containsAll(WorkflowErrors.names().stream()
                        .filter(n -> WorkflowErrors.RETRYABLE.stream()
                                        .anyMatch(c -> c.getName().equals(n))
                                || n.equals(WorkflowErrors.RATE_LIMITED.getName()))
                        .toList());
    }

    @Test
    void scanFiles_isolatesFailuresPerFile_eachTaskOfAnItemCatchesEverythingIntoAReview() {
        JsonNode items =
                root.path("States").path("ScanFiles").path("ItemProcessor").path("States");
        for (String task : List.of("FetchImage", "DetectLabels")) {
            assertThat(items.path(task).path("Catch")).as(task).anySatisfy(c -> {
                assertThat(c.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
                assertThat(c.path("Next").asText()).isEqualTo("ScanFailed");
            });
        }
        assertThat(items.path("ScanFailed").path("Output").asText())
                .contains("'UNSCANNABLE'")
                .contains("'ScanFailed'");
        assertThat(items.path("ReviewUnscannable")
                        .path("Arguments")
                        .path("FunctionName")
                        .asText())
                .isEqualTo("${" + ModerationWorkflow.DETECT_LABELS + "}");
        assertThat(items.path("ReviewUnscannable").has("Catch"))
                .as("no loop: a failure there fails the Map")
                .isFalse();
    }

    @Test
    void recall_standsBetweenFetchAndDetect_aDecisionSkipsTheDetector_aFailureFallsBackToIt() {
        JsonNode items =
                root.path("States").path("ScanFiles").path("ItemProcessor").path("States");
        assertThat(items.path("FetchImage").path("Next").asText()).isEqualTo("Recall");
        assertThat(items.path("Recall").path("Arguments").path("FunctionName").asText())
                .isEqualTo("${" + ModerationWorkflow.RECALL + "}");
        assertThat(items.path("Recall").path("Next").asText()).isEqualTo("Remembered");
        assertThat(items.path("Recall").path("Catch").get(0).path("Next").asText())
                .isEqualTo("DetectLabels");
        assertThat(items.path("Recall").path("Catch").get(0).path("Output").asText())
                .isEqualTo("{% $states.input %}");
        assertThat(items.path("Remembered").path("Choices").get(0).path("Next").asText())
                .isEqualTo("Recalled");
        assertThat(items.path("Remembered").path("Default").asText()).isEqualTo("DetectLabels");
        assertThat(items.path("Recalled").path("Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void aReportedFailure_endsAtHoldForRetry_whoseRedriveGoesBackToEveryStepThatCanFail() {
        JsonNode states = root.path("States");
        assertThat(states.path("ReportFailure").path("Next").asText()).isEqualTo("HoldForRetry");
        assertThat(states.path("ReportFailure")
                        .path("Catch")
                        .get(0)
                        .path("Next")
                        .asText())
                .isEqualTo("HoldForRetry");
        JsonNode hold = states.path("HoldForRetry");
        assertThat(hold.path("Arguments").path("FunctionName").asText())
                .isEqualTo("${" + ModerationWorkflow.HOLD_FOR_RETRY + "}");
        assertThat(hold.has("Catch")).as("its failure is the execution's").isFalse();
        assertThat(hold.path("Arguments").path("Payload").asText())
                .contains("$states.context.Execution.RedriveCount > $redrivesAtFailure");
        List<String> reported = new java.util.ArrayList<>();
        states.fields()
                .forEachRemaining(e -> e.getValue().path("Catch").forEach(c -> {
                    if (c.path("Next").asText().equals("ReportFailure")) {
                        reported.add(e.getKey());
                    }
                }));
        List<String> targets = new java.util.ArrayList<>();
        states.path("RetryFailedStep")
                .path("Choices")
                .forEach(c -> targets.add(c.path("Next").asText()));
        assertThat(targets).containsAll(reported).hasSize(reported.size());
        assertThat(states.path("RetryFailedStep").path("Default").asText()).isEqualTo("Failed");
    }

    @Test
    void lambdaTasks_invokeByPlaceholder_returnPayload_andRetryToAtLeastAMinute() {
        List<JsonNode> tasks = DefinitionChecks.lambdaTasks(root);
        // DetectLabels runs twice in ScanFiles: on a fetched image and on a failed one
        assertThat(tasks).hasSize(10);
        tasks.forEach(DefinitionChecks::assertLambdaTask);
    }

    @Test
    void slackActions_catchRateLimits_intoTheBoundedWaitLoop() {
        JsonNode states = root.path("States");
        for (String name : SLACK_ACTIONS) {
            JsonNode firstCatch = states.path(name).path("Catch").get(0);
            assertThat(firstCatch.path("ErrorEquals").get(0).asText()).isEqualTo(WorkflowErrors.RATE_LIMITED.getName());
            assertThat(firstCatch.path("Next").asText()).isEqualTo("SlackRateLimited");
            assertThat(firstCatch.path("Assign").path("resumeAt").asText()).isEqualTo(name);
            assertThat(states.path("ResumeAfterWait").toString()).contains("\"Next\":\"" + name + "\"");
        }
        assertThat(states.path("WaitForSlack").path("Seconds").asText()).contains("$retryAfter");
        assertThat(states.path("SlackRateLimited").toString()).contains("$maxRateLimitWaits");
    }

    @Test
    void removeBranch_quarantinesBeforeRemovingAndNotifies_inSeparateTasks() {
        JsonNode s = root.path("States");
        assertThat(s.path("Decide").path("Choices").get(0).path("Next").asText())
                .isEqualTo("QuarantineFiles");
        assertThat(s.path("QuarantineFiles").path("Next").asText()).isEqualTo("RemoveFiles");
        assertThat(s.path("RemoveFiles").path("Next").asText()).isEqualTo("NotifyChannel");
        assertThat(s.path("NotifyChannel").path("Next").asText()).isEqualTo("NotifyPoster");
        assertThat(s.path("NotifyPoster").path("Next").asText()).isEqualTo("ReportToModerators");
        assertThat(s.path("Decide").path("Choices").get(1).path("Next").asText())
                .isEqualTo("ReportToModerators");
        assertThat(s.path("Decide").path("Default").asText()).isEqualTo("DiscardCopies");
        assertThat(s.path("QuarantineFiles").toString())
                .contains("arn:aws:states:::aws-sdk:s3:copyObject")
                .contains("\"ServerSideEncryption\":\"AES256\"");
    }

    @Test
    void everyJsonataExpression_parses() {
        assertThat(DefinitionChecks.expressionProblems(root)).isEmpty();
    }
}
