package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.review.ModerationOutcome;
import dev.imagemoderation.core.review.ReportBlocks;
import dev.imagemoderation.core.review.ReviewAction;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.slackactions.Notifier;
import java.time.Clock;

/** Closes a report: the same text, who did what and when beneath it, and no buttons left. */
public final class ReportUpdater {

    private final Notifier notifier;
    private final Clock clock;

    public ReportUpdater(Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    /** @param detail for a Retry, the failed moderation's cause, as DescribeExecution gave it */
    public Notifier.Posted close(ReviewRequest review, ModerationOutcome moderation, String detail) {
        if (review.action() == ReviewAction.RETRY) {
            String failed = ReviewTexts.failedBefore(review.moderation(), detail);
            String retried =
                    ReviewTexts.retried(review.actorId(), clock.instant().getEpochSecond());
            return notifier.update(
                    review.reportChannel(),
                    review.reportTs(),
                    failed + "\n" + retried,
                    ReportBlocks.closed(failed, retried, "execution `" + review.moderation() + "`"));
        }
        String report = notifier.texts()
                .moderatorReport(moderation.request(), moderation.action(), moderation.scans(), review.moderation());
        String outcome = ReviewTexts.outcome(
                review.action(), review.actorId(), clock.instant().getEpochSecond());
        String text = report + "\n" + outcome;
        return notifier.update(
                review.reportChannel(),
                review.reportTs(),
                text,
                ReportBlocks.closed(report, outcome, "execution `" + review.moderation() + "`"));
    }
}
