package dev.imagemoderation.core.moderation;

/** Policies more than one test reads. */
final class TestPolicies {

    /** Drawings tolerate more suggestive content everywhere, and nearly any in a figure-drawing channel. */
    static final String DRAWINGS = """
            name: drawings
            taxonomyVersion: 7
            thresholds:
              Explicit: { review: 50, remove: 80 }
              Non-Explicit Nudity: { review: 80 }
            illustrated:
              thresholds:
                Non-Explicit Nudity: { review: 90 }
            channels:
              C0FIGUREDRAW:
                illustrated:
                  thresholds:
                    Non-Explicit Nudity: { review: 99 }
            """;

    private TestPolicies() {}
}
