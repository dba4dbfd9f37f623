package dev.imagemoderation.moderate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.FileScan;

/** Workflow task DetectLabels (see {@link DetectLabelsService}). */
public final class DetectLabelsHandler extends JsonTaskHandler<FileScan, FileScan> {

    private final DetectLabelsService service;

    public DetectLabelsHandler() {
        this(Moderation.fromEnv().detect());
    }

    public DetectLabelsHandler(DetectLabelsService service) {
        super(FileScan.class);
        this.service = service;
    }

    @Override
    protected FileScan handle(FileScan input, Context context) {
        return service.detect(input);
    }
}
