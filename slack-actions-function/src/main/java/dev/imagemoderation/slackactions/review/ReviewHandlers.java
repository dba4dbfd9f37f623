package dev.imagemoderation.slackactions.review;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.aws.Lazy;
import dev.imagemoderation.core.review.ReviewTaskInput;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.slackactions.Notifier;
import java.util.function.Supplier;

/**
 * The review workflow's tasks, each a thin adapter over {@link ReviewActions}. Each has the
 * no-argument constructor Lambda calls (wired from the environment on first use) and one
 * that takes its services, for local mode and tests.
 */
public final class ReviewHandlers {

    private ReviewHandlers() {}

    /** What every review task shares: the input type, and the services, built once. */
    abstract static class ReviewTask<O> extends JsonTaskHandler<ReviewTaskInput, O> {
        private final Supplier<ReviewActions> actions;

        ReviewTask(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        static Supplier<ReviewActions> fromEnv() {
            return new Lazy<>(ReviewActions::fromEnv);
        }

        @Override
        protected final O handle(ReviewTaskInput input, Context context) {
            return run(actions.get(), input);
        }

        abstract O run(ReviewActions actions, ReviewTaskInput input);
    }

    /** AuthorizeModerator: may the clicker act? */
    public static final class AuthorizeModerator extends ReviewTask<ReviewTaskInput.Authorization> {
        public AuthorizeModerator() {
            this(fromEnv());
        }

        public AuthorizeModerator(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        ReviewTaskInput.Authorization run(ReviewActions actions, ReviewTaskInput input) {
            return actions.moderators().authorize(input.review(), input.moderation());
        }
    }

    /** ClaimReport: take the report for this action, or give it back. */
    public static final class ClaimReport extends ReviewTask<ReviewTaskInput.Claim> {
        public ClaimReport() {
            this(fromEnv());
        }

        public ClaimReport(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        ReviewTaskInput.Claim run(ReviewActions actions, ReviewTaskInput input) {
            return input.releasing()
                    ? actions.claims().release(input.review())
                    : actions.claims().claim(input.review());
        }
    }

    /** RestoreFiles: the quarantined originals back where they were posted. */
    public static final class RestoreFiles extends ReviewTask<ReviewTaskInput.RestoreResult> {
        public RestoreFiles() {
            this(fromEnv());
        }

        public RestoreFiles(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        ReviewTaskInput.RestoreResult run(ReviewActions actions, ReviewTaskInput input) {
            return actions.restorer().restore(input.review(), input.moderation());
        }
    }

    /** UpdateReport: the report says who did what, and loses its buttons. */
    public static final class UpdateReport extends ReviewTask<Notifier.Posted> {
        public UpdateReport() {
            this(fromEnv());
        }

        public UpdateReport(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        Notifier.Posted run(ReviewActions actions, ReviewTaskInput input) {
            return actions.reports().close(input.review(), input.moderation(), input.detail());
        }
    }

    /** RevealOriginal: View (logged), for the clicker alone. */
    public static final class RevealOriginal extends ReviewTask<ReviewTaskInput.Reveal> {
        public RevealOriginal() {
            this(fromEnv());
        }

        public RevealOriginal(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        ReviewTaskInput.Reveal run(ReviewActions actions, ReviewTaskInput input) {
            return actions.reveals().reveal(input.review(), input.moderation());
        }
    }

    /** Remember: the moderator's decision into the bot's memory, for the image's reposts. */
    public static final class Remember extends ReviewTask<Remembering.Remembered> {
        public Remember() {
            this(fromEnv());
        }

        public Remember(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        Remembering.Remembered run(ReviewActions actions, ReviewTaskInput input) {
            return actions.memory().remember(input);
        }
    }

    /** PostAppeal: the poster asks for a review, in the report's thread. */
    public static final class PostAppeal extends ReviewTask<Notifier.Posted> {
        public PostAppeal() {
            this(fromEnv());
        }

        public PostAppeal(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        Notifier.Posted run(ReviewActions actions, ReviewTaskInput input) {
            return actions.appeals().appeal(input.review(), input.moderation());
        }
    }

    /** AnswerModerator: the clicker alone is told why nothing happened. */
    public static final class AnswerModerator extends ReviewTask<Notifier.Posted> {
        public AnswerModerator() {
            this(fromEnv());
        }

        public AnswerModerator(Supplier<ReviewActions> actions) {
            super(actions);
        }

        @Override
        Notifier.Posted run(ReviewActions actions, ReviewTaskInput input) {
            String text = ReviewTexts.answer(
                    input.answer(),
                    input.detail(),
                    input.claim(),
                    actions.slack().notifier().moderatorsChannel());
            return actions.answers().answer(input.review(), text);
        }
    }
}
