package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.SlackActionInput;

/** Workflow task NotifyPoster: a direct message to the poster with the reason and how to ask for a review. */
public final class NotifyPosterHandler extends JsonTaskHandler<SlackActionInput, Notifier.Posted> {

    private final SlackActions actions;

    public NotifyPosterHandler() {
        this(SlackActions.fromEnv());
    }

    public NotifyPosterHandler(SlackActions actions) {
        super(SlackActionInput.class);
        this.actions = actions;
    }

    @Override
    protected Notifier.Posted handle(SlackActionInput input, Context context) {
        return actions.notifier().notifyPoster(input.request(), input.scans(), input.execution());
    }
}
