package dev.imagemoderation.ingest.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Lambda entry point for the SQS event source mapping (with {@code ReportBatchItemFailures}):
 * only the messages whose execution could not be started go back to the queue.
 */
public final class DispatcherHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Dispatcher dispatcher;

    public DispatcherHandler() {
        this(Dispatcher.from(
                DispatcherConfig.from(Env.system(), Secrets.withDefaultClient()),
                SfnClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(10)))
                        .build()));
    }

    public DispatcherHandler(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<String> failed = dispatcher.dispatch(records.stream()
                .map(r -> new QueuedMessage(r.getMessageId(), r.getBody()))
                .toList());
        return new SQSBatchResponse(
                failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
    }
}
