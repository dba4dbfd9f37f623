package dev.imagemoderation.moderate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.imagemoderation.aws.JsonTaskHandler;
import dev.imagemoderation.core.workflow.FileScan;

/** Workflow task FetchImage (see {@link FetchImageService}). */
public final class FetchImageHandler extends JsonTaskHandler<FileScan, FileScan> {

    private final FetchImageService service;

    public FetchImageHandler() {
        this(Moderation.fromEnv().fetch());
    }

    public FetchImageHandler(FetchImageService service) {
        super(FileScan.class);
        this.service = service;
    }

    @Override
    protected FileScan handle(FileScan input, Context context) {
        return service.fetch(input);
    }
}
