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
 * Lambda entry point for {@code POST /slack/events} and {@code POST /slack/interactions}
 * behind an API Gateway HTTP API (payload format 2.0), told apart by the path. Only adapts;
 * {@link SlackEventsEndpoint} and {@link SlackInteractionsEndpoint} decide.
 */
public final class SlackEventsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /**
     * Slack gives up after 3 s. The whole SQS call, retries included, must end well
     * before, so that a failure still reaches Slack as a 500 it will retry.
     */
    static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(2);

    /** The path of the Interactivity Request URL; anything else is the Events API's. */
    public static final String INTERACTIONS_PATH = "/slack/interactions";

    private final SlackEventsEndpoint endpoint;
    private final SlackInteractionsEndpoint interactions;

    /** Used by the Lambda runtime: wires everything from the environment, reads no secret. */
    public SlackEventsHandler() {
        this(
                IngestConfig.from(Env.system(), Secrets.withDefaultClient()),
                SqsClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(SQS_CALL_TIMEOUT))
                        .build());
    }

    /** Both endpoints on one queue, from ingest's settings. */
    public SlackEventsHandler(IngestConfig config, SqsClient sqs) {
        this(
                SlackEventsEndpoint.from(config, Clock.systemUTC(), sqs),
                SlackInteractionsEndpoint.from(config, Clock.systemUTC(), sqs));
    }

    public SlackEventsHandler(SlackEventsEndpoint endpoint, SlackInteractionsEndpoint interactions) {
        this.endpoint = endpoint;
        this.interactions = interactions;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        HttpResult result = INTERACTIONS_PATH.equals(event.getRawPath())
                ? interactions.handle(headers, event.getBody(), event.getIsBase64Encoded())
                : endpoint.handle(headers, event.getBody(), event.getIsBase64Encoded());
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(result.status());
        response.setBody(result.body());
        if (result.contentType() != null) {
            response.setHeaders(Map.of("Content-Type", result.contentType()));
        }
        return response;
    }
}
