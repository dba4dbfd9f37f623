package dev.imagemoderation.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.slack.MalformedEnvelopeException;
import dev.imagemoderation.core.slack.SlackInteraction;
import dev.imagemoderation.core.slack.SlackInteractionParser;
import dev.imagemoderation.core.workflow.ExecutionName;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The review loop's rules: which buttons a report offers, which clicks are queued, what people read. */
class ReviewRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    private final ClickTriage triage = new ClickTriage(Clock.fixed(NOW, ZoneOffset.UTC));

    private static SlackInteraction.ButtonClick click(String actionId, String value) {
        return new SlackInteraction.ButtonClick(
                "T1", "U1", "mo", "C0MODS", "1700000000.000100", actionId, value, "https://hooks.slack.com/a/1", "1.2");
    }

    @Test
    void aReportOffers_afterARemovalViewRestoreAndKeep_afterAReviewRemoveAndAllow_andNothingForAnAllow() {
        assertThat(ReviewAction.offeredAfter(Action.REMOVE))
                .containsExactly(ReviewAction.VIEW, ReviewAction.RESTORE, ReviewAction.KEEP_REMOVED);
        assertThat(ReviewAction.offeredAfter(Action.REVIEW)).containsExactly(ReviewAction.REMOVE, ReviewAction.ALLOW);
        assertThat(ReviewAction.offeredAfter(Action.ALLOW)).isEmpty();
        assertThat(ReviewAction.VIEW.decides()).isFalse();
        assertThat(ReviewAction.APPEAL.byPoster()).isTrue();
        assertThat(ReviewAction.RESTORE.byPoster()).isFalse();
    }

    @Test
    void aKnownButtonNamingAnExecution_isQueued_otherClicksAreIgnoredWithTheReason() {
        var queued = (ClickTriage.Decision.Queue) triage.triage(click("restore", "T1-Ev1"));

        assertThat(queued.request().action()).isEqualTo(ReviewAction.RESTORE);
        assertThat(queued.request().receivedAt()).isEqualTo(NOW);
        assertThat(queued.request().via()).isEqualTo("slack");
        assertThat(triage.triage(click("approve", "T1-Ev1")))
                .isEqualTo(new ClickTriage.Decision.Ignore("button approve is not one of the bot's"));
        assertThat(triage.triage(click("restore", "T1-Ev1/../x"))).isInstanceOf(ClickTriage.Decision.Ignore.class);
        assertThat(triage.triage(click("restore", null))).isInstanceOf(ClickTriage.Decision.Ignore.class);
        assertThat(triage.triage(new SlackInteraction.Unsupported("view_submission")))
                .isEqualTo(new ClickTriage.Decision.Ignore("interaction type view_submission is not handled"));
    }

    @Test
    void aReviewsName_isTheReportTheActionAndTheClicker_withinStepFunctionsLimits() {
        assertThat(ExecutionName.forReview("T0MODTEAM1", "1700000000.000100", "keep_removed", "U0MODER001"))
                .isEqualTo("T0MODTEAM1-review-1700000000_000100-keep_removed-U0MODER001")
                .hasSizeLessThanOrEqualTo(ExecutionName.MAX_LENGTH);
    }

    @Test
    void theReportsBlocks_carryTheTextInSectionsUnderSlacksLimit_andOneButtonPerOfferedAction() throws Exception {
        String text = ("line of a long report\n").repeat(300);

        JsonNode open = Json.mapper().readTree(ReportBlocks.open(text, Action.REMOVE, "T1-Ev1", "execution `T1-Ev1`"));
        JsonNode closed = Json.mapper().readTree(ReportBlocks.closed(text, "done", "execution `T1-Ev1`"));

        assertThat(open.findValues("text").stream().filter(JsonNode::isTextual).map(JsonNode::asText))
                .allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(ReportBlocks.SECTION_LIMIT));
        JsonNode buttons = open.get(open.size() - 1).path("elements");
        assertThat(buttons.findValues("action_id"))
                .extracting(JsonNode::asText)
                .containsExactly("view", "restore", "keep_removed");
        assertThat(buttons.findValues("value")).extracting(JsonNode::asText).containsOnly("T1-Ev1");
        assertThat(closed.findValues("action_id")).isEmpty();
        assertThat(closed.toString()).contains("done");
    }

    @Test
    void theTexts_renderDatesInEachReadersZone_andEscapeWhatTheyQuote() {
        assertThat(ReviewTexts.outcome(ReviewAction.ALLOW, "U1", 1_764_644_400L))
                .isEqualTo(":white_check_mark: *Allowed* by <@U1> <!date^1764644400^{date_short_pretty} at {time_secs}"
                        + "|2025-12-02T03:00:00Z>");
        assertThat(ReviewTexts.answer(ReviewTaskInput.Answer.NOT_RESTORED, "copy of <@U2> & co", null, "C0"))
                .contains("copy of &lt;@U2&gt; &amp; co");
        assertThat(ReviewTexts.answer(
                        ReviewTaskInput.Answer.ALREADY_HANDLED,
                        null,
                        new ReviewTaskInput.Claim(false, "U3", ReviewAction.KEEP_REMOVED, 1_764_644_400L),
                        "C0"))
                .startsWith("Already handled by <@U3>: *Kept removed*");
    }

    @Test
    void theInteractionParser_readsSocketModesPayloadAsHttpsForm_andRefusesWhatIsNotOne() throws Exception {
        var parser = new SlackInteractionParser();
        JsonNode payload = Json.mapper().readTree("""
                {"type":"block_actions","user":{"id":"U1","username":"mo"},"team":{"id":"T1"},
                 "container":{"type":"message","message_ts":"1.2","channel_id":"C1"},
                 "actions":[{"action_id":"allow","value":"T1-Ev1","action_ts":"1.3"}]}
                """);

        var c = (SlackInteraction.ButtonClick) parser.parse(payload);

        assertThat(List.of(c.teamId(), c.userId(), c.channelId(), c.messageTs(), c.actionId(), c.value()))
                .containsExactly("T1", "U1", "C1", "1.2", "allow", "T1-Ev1");
        assertThat(parser.parse(Json.mapper().readTree("{\"type\":\"shortcut\"}")))
                .isEqualTo(new SlackInteraction.Unsupported("shortcut"));
        assertThatThrownBy(() -> parser.parse(Json.mapper().readTree("{\"type\":\"block_actions\",\"actions\":[]}")))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("lacks the user, the team or the action");
    }

    @Test
    void anAwsExecution_linksToItsConsolePage_inItsRegion_andLocalModesDoesNot() {
        String arn = "arn:aws:states:eu-west-1:123456789012:execution:ModerationStateMachine-AB12:T1-Ev1";

        assertThat(dev.imagemoderation.core.workflow.ExecutionConsole.url(arn))
                .hasValue(
                        "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/"
                                + arn);
        assertThat(dev.imagemoderation.core.workflow.ExecutionConsole.url(
                        "arn:aws:states:local:000000000000:execution:moderation:T1-Ev1"))
                .isEmpty();
        assertThat(dev.imagemoderation.core.workflow.ExecutionConsole.url("javascript:alert(1)"))
                .isEmpty();
        assertThat(dev.imagemoderation.core.workflow.ExecutionConsole.url(null)).isEmpty();
    }
}
