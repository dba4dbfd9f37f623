package dev.imagemoderation.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven decisions. A detection is written as {@code Name:confidence} items
 * separated by {@code ;}, each expanded with its ancestors at the same confidence, as
 * Rekognition reports a specific label together with its parents.
 */
class PolicyEvaluatorTest {

    private static final Policy DEFAULT = PolicyLoader.preset("default");
    private static final Policy STRICT = PolicyLoader.preset("strict");
    private static final Policy OVERRIDES = PolicyLoader.parse("""
            name: art-school
            taxonomyVersion: 7
            thresholds:
              Explicit: { review: 50, remove: 80 }
              Non-Explicit Nudity: { review: 70 }
            channels:
              C0LIFEDRAW:
                thresholds:
                  Non-Explicit Nudity: { review: 99 }
                ignore: [ Exposed Buttocks or Anus ]
            """, "test");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"UNSCANNABLE, REVIEW", "SKIPPED, ALLOW"})
    void notAnalysed_decidedByWhy(ImageFetch.Status status, Action expected) {
        Verdict v = new PolicyEvaluator(DEFAULT).notAnalysed(status);
        assertThat(v.action()).isEqualTo(expected);
        assertThat(v.rules()).isEmpty();
        assertThat(v.policyVersion()).isEqualTo(DEFAULT.version());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Empty, REVIEW", "Corrupt, REVIEW", "Truncated, REVIEW", "TypeMismatch, REVIEW",
        "ImageTooLarge, REVIEW", "UnsupportedFormat, REVIEW", "NotAnImage, ALLOW", "FileGone, ALLOW"
    })
    void notAnalysed_everyReason_reachesTheModeratorsUnlessThereIsNoImage(FetchReason reason, Action expected) {
        ImageFetch image = ImageFetch.notAnalysed(reason, "detail");
        assertThat(new PolicyEvaluator(DEFAULT).notAnalysed(image.status()).action())
                .isEqualTo(expected);
    }

    @Test
    void notAnalysed_aFetchedImage_isRefused() {
        assertThatThrownBy(() -> new PolicyEvaluator(DEFAULT).notAnalysed(ImageFetch.Status.FETCHED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} | {1} | {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // policy   channel      detection                                      action   category
                "default  | C1         | Exposed Female Nipple:95                       | REMOVE | Explicit",
                "default  | C1         | Exposed Female Nipple:60                       | REVIEW | Explicit",
                "default  | C1         | Explicit Sexual Activity:49.9                  | ALLOW  | -",
                "default  | C1         | Explicit Sexual Activity:50                    | REVIEW | Explicit",
                "default  | C1         | Explicit:80                                    | REMOVE | Explicit",
                "default  | C1         | Partially Exposed Female Breast:85             | REVIEW | Non-Explicit Nudity of Intimate parts and Kissing",
                "default  | C1         | Partially Exposed Female Breast:79             | ALLOW  | -",
                "default  | C1         | Bare Back:99                                   | ALLOW  | -",
                "default  | C1         | Bare Back:99;Implied Nudity:85                 | REVIEW | Non-Explicit Nudity of Intimate parts and Kissing",
                "default  | C1         | Kissing on the Lips:99                         | ALLOW  | -",
                "default  | C1         | Female Swimwear or Underwear:95                | REVIEW | Swimwear or Underwear",
                "default  | C1         | Female Swimwear or Underwear:89                | ALLOW  | -",
                "default  | C1         | Weapons:99;Middle Finger:99;Drinking:99        | ALLOW  | -",
                "default  | C1         | Female Swimwear or Underwear:95;Exposed Male Genitalia:81 | REMOVE | Explicit",
                "strict   | C1         | Female Swimwear or Underwear:61                | REMOVE | Swimwear or Underwear",
                "strict   | C1         | Kissing on the Lips:70                         | REMOVE | Non-Explicit Nudity of Intimate parts and Kissing",
                "strict   | C1         | Bare Back:59                                   | ALLOW  | -",
                "overrides| C1         | Implied Nudity:75                              | REVIEW | Non-Explicit Nudity of Intimate parts and Kissing",
                "overrides| C0LIFEDRAW | Implied Nudity:75                              | ALLOW  | -",
                "overrides| C0LIFEDRAW | Exposed Buttocks or Anus:95                    | ALLOW  | -",
                "overrides| C0LIFEDRAW | Exposed Female Genitalia:95                    | REMOVE | Explicit",
                "overrides| C1         | Exposed Buttocks or Anus:95                    | REMOVE | Explicit"
            })
    void evaluate_detection_decidesAction(
            String policy, String channel, String detection, Action expected, String category) {
        var verdict = new PolicyEvaluator(policy(policy)).evaluate(channel, detection(detection), "test-detector");

        assertThat(verdict.action()).isEqualTo(expected);
        assertThat(verdict.category()).isEqualTo(category);
        assertThat(verdict.rules().isEmpty()).isEqualTo(expected == Action.ALLOW);
        assertThat(verdict.policyVersion()).startsWith(policy(policy).name() + "@");
    }

    @org.junit.jupiter.api.Test
    void evaluate_firedRules_nameLabelThresholdAndScope() {
        var verdict = new PolicyEvaluator(OVERRIDES)
                .evaluate("C0LIFEDRAW", detection("Exposed Female Genitalia:95"), "det-1");

        assertThat(verdict.rules()).first().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.REMOVE);
            assertThat(r.threshold()).isEqualTo(80f);
            assertThat(r.thresholdLabel()).isEqualTo("Explicit");
            assertThat(r.scope()).isEqualTo("channel C0LIFEDRAW");
        });
        assertThat(verdict.detector()).isEqualTo("det-1");
    }

    @ParameterizedTest(name = "ensemble {0}, one model {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // ensemble's own labels | one model alone                 | action
                "-                      | Explicit:99                     | REVIEW",
                "-                      | Explicit:60                     | REVIEW",
                "-                      | Explicit:49                     | ALLOW",
                "Explicit:85            | Explicit:99                     | REMOVE",
                "Explicit:60            | Explicit:99                     | REVIEW",
                "-                      | Female Swimwear or Underwear:95 | REVIEW",
                "-                      | Weapons:99                      | ALLOW"
            })
    void singleModelFlags_sendToReview_butNeverRemove(String ensemble, String oneModel, Action expected) {
        Detection own = ensemble == null ? detection("Weapons:1") : detection(ensemble);
        Detection d = new Detection(
                ensemble == null ? List.of() : own.moderationLabels(),
                "ensemble",
                List.of(),
                SingleModelFlags.encode(detection(oneModel).moderationLabels()));

        var verdict = new PolicyEvaluator(DEFAULT).evaluate("C1", d, "ensemble");

        assertThat(verdict.action()).isEqualTo(expected);
        if (ensemble == null && expected == Action.REVIEW) {
            assertThat(verdict.rules())
                    .allSatisfy(r -> assertThat(r.scope()).isEqualTo("policy, one model of the ensemble alone"));
        }
    }

    /** A figure-drawing channel: drawn nudity is fine there, explicit drawings and photos are not. */
    @ParameterizedTest(name = "{0} {1}, illustrated {2} -> {3}")
    @CsvSource({
        "C0FIGUREDRAW, Non-Explicit Nudity:95,      90, ALLOW",
        "C0FIGUREDRAW, Non-Explicit Nudity:95,      10, REVIEW",
        "C0FIGUREDRAW, Exposed Female Genitalia:90, 90, REMOVE",
        "C0OTHER,      Non-Explicit Nudity:95,      90, REVIEW"
    })
    void illustratedOverrides_applyOnlyToDrawings(String channel, String labels, float illustrated, Action expected) {
        Policy drawings = PolicyLoader.parse(TestPolicies.DRAWINGS, "test");
        Detection d = new Detection(
                detection(labels).moderationLabels(), "v", List.of(new ContentType("Illustrated", illustrated)));

        var verdict = new PolicyEvaluator(drawings).evaluate(channel, d, "v");

        assertThat(verdict.action()).isEqualTo(expected);
        if (expected != Action.ALLOW && channel.equals("C0FIGUREDRAW") && illustrated >= 50) {
            assertThat(verdict.rules().getFirst().scope()).isEqualTo("channel C0FIGUREDRAW, illustrated");
        }
        assertThat(drawings.minConfidence()).isEqualTo(50f);
    }

    @org.junit.jupiter.api.Test
    void singleModelFlags_roundTrip_andIgnoreOtherHumanLoops() {
        List<ModerationLabel> labels = detection("Explicit:77").moderationLabels();
        assertThat(SingleModelFlags.decode(SingleModelFlags.encode(labels))).isEqualTo(labels);
        assertThat(SingleModelFlags.encode(List.of())).isNull();
        assertThat(SingleModelFlags.decode(null)).isEmpty();
        assertThat(SingleModelFlags.decode(new HumanLoopActivation(
                        "arn:aws:sagemaker:us-east-1:1:human-loop/x", List.of("ConditionsEvaluation"), "{}")))
                .as("Rekognition's own human loop is not our hint")
                .isEmpty();
        assertThat(SingleModelFlags.decode(new HumanLoopActivation(null, List.of(SingleModelFlags.REASON), "not json")))
                .isEmpty();
    }

    @org.junit.jupiter.api.Test
    void strictest_ofFileVerdicts_isTheMostSevere() {
        var evaluator = new PolicyEvaluator(DEFAULT);
        var allow = evaluator.evaluate("C1", detection("Weapons:99"), "d");
        var review = evaluator.evaluate("C1", detection("Female Swimwear or Underwear:95"), "d");
        var remove = evaluator.evaluate("C1", detection("Exposed Female Nipple:95"), "d");

        assertThat(Verdict.strictest(List.of(allow, remove, review), DEFAULT.version())
                        .action())
                .isEqualTo(Action.REMOVE);
        assertThat(Verdict.strictest(List.of(allow, review), DEFAULT.version()).action())
                .isEqualTo(Action.REVIEW);
        assertThat(Verdict.strictest(List.of(), DEFAULT.version()).action()).isEqualTo(Action.ALLOW);
    }

    private static Policy policy(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "strict" -> STRICT;
            default -> OVERRIDES;
        };
    }

    static Detection detection(String spec) {
        Taxonomy tx = Taxonomy.v7();
        List<ModerationLabel> labels = new ArrayList<>();
        for (String item : spec.split(";")) {
            String[] kv = item.trim().split(":");
            float confidence = Float.parseFloat(kv[1]);
            String name = kv[0];
            while (name != null) {
                String current = name;
                var label = tx.label(current).orElseThrow();
                if (labels.stream().noneMatch(l -> l.name().equals(current))) {
                    labels.add(new ModerationLabel(
                            current, label.parent() == null ? "" : label.parent(), confidence, label.level()));
                }
                name = label.parent();
            }
        }
        return new Detection(labels, "7.0", List.of());
    }
}
