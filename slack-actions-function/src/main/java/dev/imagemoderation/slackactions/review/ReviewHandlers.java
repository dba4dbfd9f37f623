package dev.imagemoderation.slackactions.review;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.aws.Lazy;
import dev.imagemoderation.core.review.ReviewTaskInput;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.slackactions.Notifier;
import java.util.function.Supplier;

/** The review workflow's tasks, each a thin adapter over {@link ReviewActions}. */
public final class ReviewHandlers {

    private ReviewHandlers() {}

    /** AuthorizeModerator: may the clicker act? */
    public static final class AuthorizeModerator
            extends JsonTaskHandler<ReviewTaskInput, ReviewTaskInput.Authorization> {
        private final Supplier<ReviewActions> actions;

        public AuthorizeModerator() {
            this(new Lazy<>(ReviewActions::fromEnv));
        }

        public AuthorizeModerator(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        @Override
        protected ReviewTaskInput.Authorization handle(ReviewTaskInput input, Context context) {
            return actions.get().moderators().authorize(input.review().actorId());
        }
    }

    /** ClaimReport: take the report for this action, or give it back. */
    public static final class ClaimReport extends JsonTaskHandler<ReviewTaskInput, ReviewTaskInput.Claim> {
        private final Supplier<ReviewActions> actions;

        public ClaimReport() {
            this(new Lazy<>(ReviewActions::fromEnv));
        }

        public ClaimReport(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        @Override
        protected ReviewTaskInput.Claim handle(ReviewTaskInput input, Context context) {
            var claims = actions.get().claims();
            return input.releasing() ? claims.release(input.review()) : claims.claim(input.review());
        }
    }

    /** RestoreFiles: the quarantined originals back where they were posted. */
    public static final class RestoreFiles extends JsonTaskHandler<ReviewTaskInput, ReviewTaskInput.RestoreResult> {
        private final Supplier<ReviewActions> actions;

        public RestoreFiles() {
            this(new Lazy<>(ReviewActions::fromEnv));
        }

        public RestoreFiles(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        @Override
        protected ReviewTaskInput.RestoreResult handle(ReviewTaskInput input, Context context) {
            return actions.get().restorer().restore(input.review(), input.moderation());
        }
    }

    /** UpdateReport: the report says who did what, and loses its buttons. */
    public static final class UpdateReport extends JsonTaskHandler<ReviewTaskInput, Notifier.Posted> {
        private final Supplier<ReviewActions> actions;

        public UpdateReport() {
            this(new Lazy<>(ReviewActions::fromEnv));
        }

        public UpdateReport(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        @Override
        protected Notifier.Posted handle(ReviewTaskInput input, Context context) {
            return actions.get().reports().close(input.review(), input.moderation());
        }
    }

    /** AnswerModerator: the clicker alone is told why nothing happened. */
    public static final class AnswerModerator extends JsonTaskHandler<ReviewTaskInput, Notifier.Posted> {
        private final Supplier<ReviewActions> actions;

        public AnswerModerator() {
            this(new Lazy<>(ReviewActions::fromEnv));
        }

        public AnswerModerator(Supplier<ReviewActions> actions) {
            super(ReviewTaskInput.class);
            this.actions = actions;
        }

        @Override
        protected Notifier.Posted handle(ReviewTaskInput input, Context context) {
            ReviewActions a = actions.get();
            String text = ReviewTexts.answer(
                    input.answer(),
                    input.detail(),
                    input.claim(),
                    a.slack().notifier().moderatorsChannel());
            return a.answers().answer(input.review(), text);
        }
    }
}
