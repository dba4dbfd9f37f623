package dev.imagemoderation.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.workflow.FailureReport;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the bot writes: the policy's notices filled in, and the moderators' reports. */
class NoticeTextsTest {

    private static final Policy POLICY = PolicyLoader.preset("default");
    private static final NoticeTexts TEXTS = new NoticeTexts(POLICY);
    private static final ModerationRequest REQUEST = new ModerationRequest(
            1,
            "Ev1",
            "T1",
            null,
            "C0GENERAL1",
            "channel",
            "U0POSTER1",
            "1700000000.000100",
            null,
            Instant.parse("2026-01-01T00:00:00Z"),
            List.of());

    private static FileScan scan(String id, Verdict verdict, ImageFetch image) {
        SlackFile file =
                new SlackFile(id, id + ".png", "image/png", "png", 10L, "hosted", "visible", null, 100, 100, null);
        return new FileScan(REQUEST, file, image, null, verdict);
    }

    @Test
    void channelNotice_fillsThePoliciesPlaceholders() {
        assertThat(TEXTS.channelNotice(REQUEST, "Explicit"))
                .contains("<@U0POSTER1>")
                .contains("*Explicit*")
                .doesNotContain("{");
        assertThat(TEXTS.posterMessage(REQUEST, null))
                .contains("<#C0GENERAL1>")
                .contains("*inappropriate*")
                .contains(POLICY.notices().appealHint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"REMOVE, :no_entry: *Removed*", "REVIEW, :eyes: *Needs review*", "ALLOW, :white_check_mark: *Allowed*"})
    void moderatorReport_headlineNamesTheAction(Action action, String headline) {
        assertThat(TEXTS.moderatorReport(REQUEST, action, List.of(), "T1-Ev1")).startsWith(headline);
    }

    @Test
    void moderatorReport_listsEachFile_withTheRuleThatFired_orWhyItWasNotScanned() {
        Verdict removed = new Verdict(
                Action.REMOVE,
                "Explicit",
                List.of(new FiredRule("Explicit Nudity", "Explicit", 97.5f, Action.REMOVE, 80f, "Explicit", "policy")),
                POLICY.version(),
                "DetectModerationLabels 7.0");
        FileScan bad = scan("F0BAD", removed, null);
        FileScan broken = scan(
                "F0BROKEN",
                new PolicyEvaluator(POLICY).notAnalysed(ImageFetch.Status.UNSCANNABLE),
                ImageFetch.notAnalysed(FetchReason.Truncated, "ends early"));

        String report = TEXTS.moderatorReport(REQUEST, Action.REMOVE, List.of(bad, broken), "T1-Ev1");

        assertThat(report)
                .contains("execution `T1-Ev1`")
                .contains("• file F0BAD (F0BAD.png): *REMOVE*")
                .contains("Explicit Nudity 97.5% ≥ remove 80 (threshold of Explicit, policy)")
                .contains("detector DetectModerationLabels 7.0, policy " + POLICY.version())
                .contains("• file F0BROKEN (F0BROKEN.png): *REVIEW* — unscannable: Truncated (ends early)");
    }

    @Test
    void moderatorReport_escapesUserSuppliedNames_soTheyCannotPingOrDisguiseALink() {
        SlackFile hostile = new SlackFile(
                "F0HOSTILE",
                "<!channel> <https://evil|Restore image> & co",
                "image/png",
                "png",
                10L,
                "hosted",
                "visible",
                null,
                100,
                100,
                null);
        FileScan scan = new FileScan(
                REQUEST,
                hostile,
                ImageFetch.notAnalysed(FetchReason.TypeMismatch, "claims to be <!here>"),
                null,
                new PolicyEvaluator(POLICY).notAnalysed(ImageFetch.Status.UNSCANNABLE));

        String report = TEXTS.moderatorReport(REQUEST, Action.REVIEW, List.of(scan), "T1-Ev1");

        assertThat(report)
                .contains("&lt;!channel&gt; &lt;https://evil|Restore image&gt; &amp; co")
                .contains("claims to be &lt;!here&gt;")
                .doesNotContain("<!channel>")
                .doesNotContain("<https://evil")
                .doesNotContain("<!here>");
        FailureReport f = new FailureReport(
                REQUEST, "FetchImage", "x", "file <!channel>.png is broken", "T1-Ev1", null, null, null);
        assertThat(TEXTS.failureReport(f)).contains("file &lt;!channel&gt;.png").doesNotContain("<!channel>");
    }

    @Test
    void moderatorReport_saysHowManyFramesOfAnAnimationWereJudged() {
        ImageFetch gif = new ImageFetch(
                ImageFetch.Status.FETCHED,
                null,
                null,
                "original",
                "incoming/x/original",
                List.of("incoming/x/analysed-0.jpg", "incoming/x/analysed-1.jpg"),
                "ab",
                "image/gif",
                160,
                120,
                2,
                null,
                200,
                null,
                null);
        Verdict removed = new Verdict(Action.REMOVE, "Explicit", List.of(), POLICY.version(), "d");

        String report = TEXTS.moderatorReport(REQUEST, Action.REMOVE, List.of(scan("F0GIF", removed, gif)), "T1-Ev1");

        assertThat(report).contains("judged 2 of 200 frames, chosen by content");
    }

    @Test
    void moderatorReport_saysWhenARemovedFilesOriginalCouldNotBeKept() {
        ImageFetch thumbOnly = new ImageFetch(
                ImageFetch.Status.FETCHED,
                null,
                null,
                "thumb_1024",
                null,
                List.of("incoming/x/analysed-0.jpg"),
                "ab",
                "image/jpeg",
                1024,
                768,
                1,
                "the original is 200000000 bytes, over the cap",
                1,
                null,
                null);
        Verdict removed = new Verdict(Action.REMOVE, "Explicit", List.of(), POLICY.version(), "d");

        String report =
                TEXTS.moderatorReport(REQUEST, Action.REMOVE, List.of(scan("F0BIG", removed, thumbOnly)), "T1-Ev1");

        assertThat(report).contains("original not kept for a restore: the original is 200000000 bytes, over the cap");
    }

    @Test
    void failureReport_keepsLambdasErrorMessage_andShortensOurErrorNames() {
        FailureReport f = new FailureReport(
                REQUEST,
                "RemoveFiles",
                "dev.imagemoderation.core.errors.SlackActionFailedException",
                "{\"errorMessage\":\"files.delete: cant_delete_file\",\"errorType\":\"x\",\"stackTrace\":[]}",
                "T1-Ev1",
                null,
                null,
                null);

        assertThat(TEXTS.failureReport(f))
                .contains("Step `RemoveFiles` failed with `SlackActionFailedException`: files.delete: cant_delete_file")
                .doesNotContain("stackTrace");
        assertThat(NoticeTexts.causeText(null)).isEqualTo("no cause given");
        assertThat(NoticeTexts.causeText("x".repeat(2000))).hasSize(1501).endsWith("…");
    }
}
