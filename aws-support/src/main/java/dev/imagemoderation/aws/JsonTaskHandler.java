package dev.imagemoderation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import dev.imagemoderation.core.errors.InvalidWorkflowInputException;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A Lambda handler for a workflow task: reads the payload with the project's JSON rules
 * (records, ISO instants, unknown fields tolerated), calls {@link #handle}, writes the
 * result. A stream handler, so the Lambda runtime's own serialiser never touches our
 * types and local mode can invoke the same bytes in, bytes out.
 *
 * @param <I> the payload type
 * @param <O> the result type
 */
public abstract class JsonTaskHandler<I, O> implements RequestStreamHandler {

    private final Class<I> inputType;

    protected JsonTaskHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    protected abstract O handle(I input, Context context);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I payload;
        try {
            payload = Json.mapper().readValue(input, inputType);
        } catch (JacksonException e) {
            throw new InvalidWorkflowInputException(getClass().getSimpleName() + " payload is not a "
                    + inputType.getSimpleName() + ": " + e.getOriginalMessage());
        }
        if (payload == null) {
            throw new InvalidWorkflowInputException(getClass().getSimpleName() + " received an empty payload");
        }
        Json.mapper().writeValue(output, handle(payload, context));
    }
}
