package dev.imagemoderation.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.workflow.AnimationBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "strict", "demo"})
    void preset_loads_andDeclaresTaxonomyV7(String name) {
        var policy = PolicyLoader.preset(name);

        assertThat(policy.taxonomy().version()).isEqualTo("7");
        assertThat(policy.version()).matches(name + "@[0-9a-f]{12}");
    }

    @Test
    void minConfidence_isLowestThresholdAcrossBaseAndOverrides() {
        var policy = PolicyLoader.parse("""
                taxonomyVersion: 7
                thresholds:
                  Explicit: { review: 50, remove: 80 }
                channels:
                  C0ART:
                    thresholds:
                      Swimwear or Underwear: { review: 35 }
                """, "t");

        assertThat(policy.minConfidence()).isEqualTo(35f);
        assertThat(PolicyLoader.preset("default").minConfidence()).isEqualTo(50f);
    }

    @Test
    void parse_v6NamesInV7Policy_areRefusedNamingTheVersionAndLine() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                taxonomyVersion: 7
                thresholds:
                  Explicit: { remove: 80 }
                  Suggestive: { review: 60 }
                  Illustrated Explicit Nudity: { remove: 60 }
                """, "p.yaml"))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "line 4: 'Suggestive' is a taxonomy v6 label; this policy declares taxonomyVersion 7",
                                        "line 5: 'Illustrated Explicit Nudity' is a taxonomy v6 label; this policy declares taxonomyVersion 7"));
    }

    @Test
    void parse_v6Policy_acceptsV6Names() {
        var policy = PolicyLoader.parse("""
                taxonomyVersion: 6
                thresholds:
                  Explicit Nudity: { remove: 80 }
                  Suggestive: { review: 60 }
                """, "v6.yaml");

        assertThat(policy.taxonomy().version()).isEqualTo("6");
        assertThat(policy.base().thresholds()).containsKeys("Explicit Nudity", "Suggestive");
    }

    @Test
    void illustratedOverrides_mergeOverTheChannelsRules_andTypos_areNamed() {
        Policy p = PolicyLoader.parse(TestPolicies.DRAWINGS, "drawings.yaml");

        assertThat(p.base()
                        .illustrated()
                        .thresholds()
                        .get("Non-Explicit Nudity")
                        .review())
                .isEqualTo(90f);
        assertThat(p.rulesFor("C0FIGUREDRAW")
                        .illustrated()
                        .thresholds()
                        .get("Non-Explicit Nudity")
                        .review())
                .isEqualTo(99f);
        assertThat(p.rulesFor("C0FIGUREDRAW")
                        .thresholds()
                        .get("Non-Explicit Nudity")
                        .review())
                .as("a photo in that channel keeps the policy's thresholds")
                .isEqualTo(80f);

        assertThatThrownBy(() -> PolicyLoader.parse("""
                        taxonomyVersion: 7
                        thresholds:
                          Explicit: { review: 50, remove: 80 }
                        channels:
                          C0FIGUREDRAW:
                            ilustrated: {}
                            illustrated:
                              treshold: {}
                        """, "typos.yaml"))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.problems())
                                .anyMatch(
                                        m -> m.startsWith("line 6: channel C0FIGUREDRAW: unknown setting 'ilustrated'"))
                                .anyMatch(m -> m.startsWith(
                                        "line 8: channel C0FIGUREDRAW illustrated: unknown setting" + " 'treshold'")));
    }

    @Test
    void theAnimationBudget_defaults_canBeSet_andIsValidated() {
        assertThat(PolicyLoader.preset("default").animation()).isEqualTo(AnimationBudget.DEFAULT);
        Policy set = PolicyLoader.parse("""
                taxonomyVersion: 7
                thresholds:
                  Explicit: { review: 50, remove: 80 }
                animation: { maxFrames: 4, maxPixels: 1000000 }
                """, "budget.yaml");
        assertThat(set.animation()).isEqualTo(new AnimationBudget(4, 1_000_000));

        assertThatThrownBy(() -> PolicyLoader.parse("""
                        taxonomyVersion: 7
                        thresholds:
                          Explicit: { review: 50, remove: 80 }
                        animation: { maxFrames: 0, maxPixel: 5 }
                        """, "bad.yaml"))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "line 4: animation.maxFrames must be a whole number of at least 1",
                                        "line 4: animation: unknown setting 'maxPixel'; known: [maxFrames, maxPixels]"));
    }

    @Test
    void parse_everyProblem_isReportedAtOnceWithItsLine() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                taxonomyVersion: 7
                thresholds:
                  Explicit: { review: 90, remove: 80 }
                  Explicit Nudity: { remove: 180 }
                  Nudity Of Cats: { remove: 50 }
                  Swimwear or Underwear: { reveiw: 50 }
                  Explicit: { remove: 10 }
                ignore: [ Explicit Nudity ]
                exemptChannels: [ C0QUIET ]
                channels:
                  C0QUIET:
                    thresholds: {}
                  general: {}
                colour: blue
                """, "bad.yaml"))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.problems())
                            .contains(
                                    "line 3: 'Explicit': review (90.0) is above remove (80.0); review must not exceed remove",
                                    "line 4: Explicit Nudity.remove must be a confidence from 0 to 100",
                                    "line 5: 'Nudity Of Cats' is not a label of Rekognition's moderation taxonomy v7",
                                    "line 6: 'Swimwear or Underwear': unknown band 'reveiw' (bands are review and remove)",
                                    "line 7: 'Explicit' is given twice (first on line 3); which one applies would be ambiguous",
                                    "line 11: channel C0QUIET is both exempt and overridden; which applies would be ambiguous",
                                    "line 13: 'general' is not a Slack channel id (like C0123ABCD)");
                    assertThat(e.problems()).anyMatch(p -> p.startsWith("line 14: unknown setting 'colour'"));
                    assertThat(e.getMessage()).contains("bad.yaml");
                });
    }

    @Test
    void parse_labelBothThresholdedAndIgnored_isAmbiguous() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                taxonomyVersion: 7
                thresholds:
                  Bare Back: { review: 50 }
                ignore: [ Bare Back ]
                """, "t"))
                .hasMessageContaining("line 4: policy: 'Bare Back' has thresholds and is ignored");
    }

    @Test
    void parse_missingTaxonomyVersionOrThresholds_isRefused() {
        assertThatThrownBy(() -> PolicyLoader.parse("thresholds:\n  Explicit: { remove: 80 }\n", "t"))
                .hasMessageContaining("taxonomyVersion is required");
        assertThatThrownBy(() -> PolicyLoader.parse("taxonomyVersion: 7\n", "t"))
                .hasMessageContaining("names no label");
        assertThatThrownBy(() -> PolicyLoader.parse("taxonomyVersion: 8\nthresholds: {}\n", "t"))
                .hasMessageContaining("taxonomyVersion must be 7 or 6");
    }

    @Test
    void parse_notYaml_isRefused() {
        assertThatThrownBy(() -> PolicyLoader.parse("thresholds: [unclosed", "t"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void taxonomyV7_hasTenCategoriesAndTwoContentTypes() {
        var tx = Taxonomy.v7();

        assertThat(tx.labels().values().stream().filter(l -> l.level() == 1)).hasSize(10);
        assertThat(tx.contentTypes()).containsExactlyInAnyOrder("Animated", "Illustrated");
        assertThat(tx.ancestors("Bare Back"))
                .containsExactly("Non-Explicit Nudity", "Non-Explicit Nudity of Intimate parts and Kissing");
    }
}
