package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.review.ReviewDecisions;
import dev.imagemoderation.core.review.ReviewTaskInput;
import java.time.Clock;
import java.util.List;

/**
 * Remember: writes a moderator's decision into the bot's memory, so that the image's reposts, and copies of it
 * re-encoded or resized, are decided the same way without the detector.
 */
public final class Remembering {

    private final DecisionMemory memory;
    private final Clock clock;

    /** @param memory null when the deployment keeps no memory: nothing is written, and the result says so */
    public Remembering(DecisionMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /** What was written, for the review's history. */
    public record Remembered(boolean kept, List<Entry> decisions) {}

    /** One decision, as the history shows it. */
    public record Entry(String sha256, String pdq, Integer pdqQuality, String kind) {}

    public Remembered remember(ReviewTaskInput input) {
        List<Decision> decisions = ReviewDecisions.of(input.review(), input.moderation(), clock.instant());
        if (memory != null) {
            decisions.forEach(memory::remember);
        }
        return new Remembered(
                memory != null,
                decisions.stream()
                        .map(d -> new Entry(
                                d.sha256(),
                                d.pdq(),
                                d.pdq() == null ? null : d.pdqQuality(),
                                d.kind().name()))
                        .toList());
    }
}
