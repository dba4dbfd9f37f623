package dev.imagemoderation.moderate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.FileScan;

/** Workflow task Recall (see {@link RecallService}). */
public final class RecallHandler extends JsonTaskHandler<FileScan, FileScan> {

    private final RecallService service;

    public RecallHandler() {
        this(Moderation.fromEnv().recall());
    }

    public RecallHandler(RecallService service) {
        super(FileScan.class);
        this.service = service;
    }

    @Override
    protected FileScan handle(FileScan input, Context context) {
        return service.recall(input);
    }
}
