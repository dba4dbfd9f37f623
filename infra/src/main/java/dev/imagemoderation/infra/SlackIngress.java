package dev.imagemoderation.infra;

import java.util.List;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The public endpoint Slack posts to: an HTTP API with two routes, {@code POST /slack/events}
 * and {@code POST /slack/interactions}, both integrated with the ingest function's alias. Requests are
 * authenticated by Slack's signature inside the function; the stage throttles and logs.
 */
public final class SlackIngress extends Construct {

    public static final String PATH = "/slack/events";
    /** The Interactivity Request URL's path: the report's buttons. */
    public static final String INTERACTIONS_PATH = "/slack/interactions";

    private final HttpApi api;

    public SlackIngress(Construct scope, String id, Alias ingest) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Api")
                .description("Slack Events API Request URL for the image moderation bot")
                .createDefaultStage(true)
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("Ingest", ingest);
        for (String path : List.of(PATH, INTERACTIONS_PATH)) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(path)
                    .methods(List.of(HttpMethod.POST))
                    .integration(integration)
                    .build());
        }
        LogGroup accessLogs = RetainedLogs.create(this, "AccessLogs");
        CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                        + "\"time\":\"$context.requestTime\",\"route\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"latency\":\"$context.integrationLatency\",\"error\":\"$context.integrationErrorMessage\"}")
                .build());
        stage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                .throttlingBurstLimit(200)
                .throttlingRateLimit(100)
                .build());
    }

    public HttpApi api() {
        return api;
    }

    public String requestUrl() {
        return api.getApiEndpoint() + PATH;
    }

    public String interactivityUrl() {
        return api.getApiEndpoint() + INTERACTIONS_PATH;
    }
}
