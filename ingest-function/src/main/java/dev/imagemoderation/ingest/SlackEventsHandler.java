package dev.imagemoderation.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point for {@code POST /slack/events} behind an API Gateway HTTP API
 * (payload format 2.0). Only adapts; {@link SlackEventsEndpoint} decides.
 */
public final class SlackEventsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /**
     * Slack gives up after 3 s. The whole SQS call, retries included, must end well
     * before, so that a failure still reaches Slack as a 500 it will retry.
     */
    static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(2);

    private final SlackEventsEndpoint endpoint;

    /** Used by the Lambda runtime: wires everything from the environment, reads no secret. */
    public SlackEventsHandler() {
        this(SlackEventsEndpoint.from(
                IngestConfig.from(Env.system(), Secrets.withDefaultClient()),
                Clock.systemUTC(),
                SqsClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(SQS_CALL_TIMEOUT))
                        .build()));
    }

    public SlackEventsHandler(SlackEventsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpResult result = endpoint.handle(
                event.getHeaders() == null ? Map.of() : event.getHeaders(),
                event.getBody(),
                event.getIsBase64Encoded());
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(result.status());
        response.setBody(result.body());
        if (result.contentType() != null) {
            response.setHeaders(Map.of("Content-Type", result.contentType()));
        }
        return response;
    }
}
