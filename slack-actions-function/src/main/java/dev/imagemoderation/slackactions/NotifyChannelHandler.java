package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.SlackActionInput;

/** Workflow task NotifyChannel: one notice in the channel (or thread) naming the category, never the image. */
public final class NotifyChannelHandler extends JsonTaskHandler<SlackActionInput, Notifier.Posted> {

    private final SlackActions actions;

    public NotifyChannelHandler() {
        this(SlackActions.fromEnv());
    }

    public NotifyChannelHandler(SlackActions actions) {
        super(SlackActionInput.class);
        this.actions = actions;
    }

    @Override
    protected Notifier.Posted handle(SlackActionInput input, Context context) {
        return actions.notifier().notifyChannel(input.request(), input.scans(), input.attempt());
    }
}
