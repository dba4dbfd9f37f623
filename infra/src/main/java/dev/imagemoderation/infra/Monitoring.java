package dev.imagemoderation.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Alarms to one SNS topic, and a dashboard. Each alarm is something an operator must
 * act on: events stuck in the DLQ, moderations that failed (an image may still be up),
 * Slack seeing errors from us, ingest slowing towards Slack's 3-second limit, and Slack
 * dropping our events ({@code app_rate_limited}).
 */
public final class Monitoring extends Construct {

    public static final String NAMESPACE = "ImageModeration";

    /** The message ingest logs for a request that fails Slack's signature check. */
    static final String REJECTED_SIGNATURE_LOG = "request failed Slack signature verification";

    /** Slack retries, and clocks drift: a handful is noise, more is someone else calling. */
    static final double REJECTED_SIGNATURES_PER_5_MINUTES = 20;

    private final Topic topic;

    public Monitoring(
            Construct scope,
            String id,
            Queue deadLetters,
            StateMachine workflow,
            HttpApi api,
            Function ingest,
            LogGroup ingestLogs,
            String alarmEmail) {
        super(scope, id);
        // CloudWatch alarms cannot publish to a topic under the AWS-managed alias/aws/sns key: its policy
        // cannot be changed to let cloudwatch.amazonaws.com use it. A key of our own, rotated, lets exactly
        // that service of this account encrypt and decrypt the alarm messages.
        Key key = Key.Builder.create(this, "AlarmsKey")
                .description("Encrypts the image moderation alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                .build());
        topic = Topic.Builder.create(this, "Alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (alarmEmail != null && !alarmEmail.isBlank()) {
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }
        MetricFilter rateLimited = MetricFilter.Builder.create(this, "AppRateLimited")
                .logGroup(ingestLogs)
                .filterPattern(FilterPattern.anyTerm("APP_RATE_LIMITED"))
                .metricNamespace(NAMESPACE)
                .metricName("AppRateLimited")
                .metricValue("1")
                .build();
        MetricFilter rejectedSignatures = MetricFilter.Builder.create(this, "RejectedSignatures")
                .logGroup(ingestLogs)
                .filterPattern(FilterPattern.anyTerm(REJECTED_SIGNATURE_LOG))
                .metricNamespace(NAMESPACE)
                .metricName("RejectedSignatures")
                .metricValue("1")
                .build();
        Duration minute = Duration.minutes(1);
        alarm(
                "DeadLettersNotEmpty",
                "Events could not start a moderation; inspect the DLQ",
                deadLetters.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(minute).build()),
                0);
        alarm(
                "ExecutionsFailed",
                "A moderation failed; the moderators' channel says which image to check",
                workflow.metricFailed(MetricOptions.builder().period(minute).build()),
                0);
        alarm(
                "IngestServerErrors",
                "Slack received 5xx from the Request URL and will retry",
                api.metricServerError(MetricOptions.builder().period(minute).build()),
                0);
        alarm(
                "IngestSlow",
                "Ingest p99 over 1 s; Slack gives up after 3 s",
                ingest.metricDuration(MetricOptions.builder()
                        .statistic("p99")
                        .period(Duration.minutes(5))
                        .build()),
                1000);
        alarm(
                "SlackAppRateLimited",
                "Slack is dropping events for this app (app_rate_limited)",
                rateLimited.metric(
                        MetricOptions.builder().statistic("Sum").period(minute).build()),
                0);

        alarm(
                "UnsignedTraffic",
                "Requests with a missing or forged Slack signature: someone else is calling the Request URL and"
                        + " shares its throttle with Slack's deliveries (see README: a WAF rate rule)",
                rejectedSignatures.metric(MetricOptions.builder()
                        .statistic("Sum")
                        .period(Duration.minutes(5))
                        .build()),
                REJECTED_SIGNATURES_PER_5_MINUTES);

        alarm(
                "RemovalsFailed",
                "A removal failed: an image the policy removes may still be up; the moderators' channel names it",
                product("RemovalsFailed", "Sum", Map.of()),
                0);

        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        dashboard.addWidgets(
                graph(
                        "Moderations",
                        List.of(workflow.metricStarted(), workflow.metricSucceeded(), workflow.metricFailed())),
                graph(
                        "Moderation time (ms)",
                        List.of(
                                workflow.metricTime(
                                        MetricOptions.builder().statistic("p50").build()),
                                workflow.metricTime(
                                        MetricOptions.builder().statistic("p99").build()))),
                graph(
                        "Ingest",
                        List.of(
                                ingest.metricDuration(
                                        MetricOptions.builder().statistic("p50").build()),
                                ingest.metricDuration(
                                        MetricOptions.builder().statistic("p99").build()),
                                api.metricServerError())),
                graph(
                        "Images by verdict",
                        List.of(
                                product("Images", "Sum", Map.of("Verdict", "REMOVE")),
                                product("Images", "Sum", Map.of("Verdict", "REVIEW")),
                                product("Images", "Sum", Map.of("Verdict", "ALLOW")))),
                graph(
                        "Removals",
                        List.of(
                                product("Removals", "Sum", Map.of()),
                                product("RemovalsFailed", "Sum", Map.of()),
                                product("TimeToRemoval", "p50", Map.of()),
                                product("TimeToRemoval", "p99", Map.of()))),
                graph(
                        "Queue",
                        List.of(
                                deadLetters.metricApproximateNumberOfMessagesVisible(),
                                Metric.Builder.create()
                                        .namespace(NAMESPACE)
                                        .metricName("AppRateLimited")
                                        .statistic("Sum")
                                        .build())));
    }

    public Topic topic() {
        return topic;
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(new SnsAction(topic));
    }

    /** One of the figures the functions emit as embedded metrics (aws-support's {@code EmbeddedMetrics}). */
    private static Metric product(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .statistic(statistic)
                .dimensionsMap(dimensions)
                .period(Duration.minutes(5))
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).build();
    }
}
