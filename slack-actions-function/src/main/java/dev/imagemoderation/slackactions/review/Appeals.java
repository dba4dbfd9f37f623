package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.review.ModerationOutcome;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.slackactions.Notifier;

/**
 * The poster's "Ask for a review": one line in the report's thread, where the moderators
 * who decide will see it, and the DM updated to say a moderator will look, its button gone.
 * The review workflow's claim makes it once per DM, however often it is clicked.
 */
public final class Appeals {

    private final Notifier notifier;

    public Appeals(Notifier notifier) {
        this.notifier = notifier;
    }

    public Notifier.Posted appeal(ReviewRequest review, ModerationOutcome moderation) {
        var report = moderation.report();
        Notifier.Posted posted = report != null && report.sent() && report.ts() != null
                ? notifier.replyInThread(
                        moderation.request(),
                        "appeal",
                        report.channel(),
                        report.ts(),
                        ReviewTexts.appealInThread(review.actorId()))
                : Notifier.Posted.skipped("the moderation posted no report to reply to");
        String dm = notifier.posterText(moderation.request(), moderation.scans()) + "\n\n"
                + ReviewTexts.appealAcknowledged();
        notifier.update(review.reportChannel(), review.reportTs(), dm, "[]");
        return posted;
    }
}
