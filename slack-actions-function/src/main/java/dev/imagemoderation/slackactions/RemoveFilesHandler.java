package dev.imagemoderation.slackactions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.SlackActionInput;

/** Workflow task RemoveFiles: deletes the files the verdict removes (see {@link FileRemover}). */
public final class RemoveFilesHandler extends JsonTaskHandler<SlackActionInput, FileRemover.Result> {

    private final SlackActions actions;

    public RemoveFilesHandler() {
        this(SlackActions.fromEnv());
    }

    public RemoveFilesHandler(SlackActions actions) {
        super(SlackActionInput.class);
        this.actions = actions;
    }

    @Override
    protected FileRemover.Result handle(SlackActionInput input, Context context) {
        return actions.remover().remove(input.request(), input.scans());
    }
}
