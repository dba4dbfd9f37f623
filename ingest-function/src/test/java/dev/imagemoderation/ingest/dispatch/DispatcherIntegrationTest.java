package dev.imagemoderation.ingest.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.testkit.aws.StepFunctionsServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The dispatcher handler with a real SfnClient against a Step Functions JSON 1.0 protocol server. */
class DispatcherIntegrationTest {

    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:moderation";

    private final StepFunctionsServer server = new StepFunctionsServer();
    private final SfnClient sfn = SfnClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .build())
            .build();
    private final DispatcherHandler handler = new DispatcherHandler(new Dispatcher(sfn, STATE_MACHINE));

    @AfterEach
    void close() {
        sfn.close();
        server.close();
    }

    @Test
    void handleRequest_newEvent_startsExecutionNamedTeamDashEvent_withMessageAsInput() {
        String body = body("T1", "Ev1");

        SQSBatchResponse response = handler.handleRequest(event(record("m1", body)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(server.started()).containsEntry("T1-Ev1", body);
        assertThat(server.startCalls().getFirst().body().path("stateMachineArn").asText())
                .isEqualTo(STATE_MACHINE);
    }

    @Test
    void aModeratorsAction_startsTheReviewWorkflow_namedAfterTheReportTheActionAndTheClicker() {
        String review = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
        var both = new DispatcherHandler(new Dispatcher(sfn, STATE_MACHINE, review));
        String body = """
                {"schemaVersion":1,"kind":"review","teamId":"T1","action":"RESTORE","moderation":"T1-Ev1",
                 "actorId":"U0MODER001","reportChannel":"C0MODS","reportTs":"1700000000.000200"}
                """;

        SQSBatchResponse response = both.handleRequest(event(record("m1", body), record("m2", body)), null);
        SQSBatchResponse withoutReview = handler.handleRequest(event(record("m3", body)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(server.started()).containsOnlyKeys("T1-review-1700000000_000200-restore-U0MODER001");
        assertThat(server.startCalls().getFirst().body().path("stateMachineArn").asText())
                .isEqualTo(review);
        assertThat(withoutReview.getBatchItemFailures())
                .as("a dispatcher with no review workflow leaves the action for the DLQ, where it alarms")
                .hasSize(1);
    }

    @Test
    void handleRequest_sameEventDeliveredThreeTimes_startsOneExecution_andReportsNoFailure() {
        String body = body("T1", "Ev2");

        SQSBatchResponse first = handler.handleRequest(event(record("m1", body)), null);
        SQSBatchResponse again = handler.handleRequest(event(record("m2", body), record("m3", body)), null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(server.startCalls()).hasSize(3);
        assertThat(server.started()).containsOnlyKeys("T1-Ev2");
    }

    @Test
    void handleRequest_throttledBeyondRetries_reportsOnlyThatMessage() {
        server.existing("T1-Ev3");
        server.throttleNext(50);

        SQSBatchResponse response = handler.handleRequest(event(record("m-throttled", body("T1", "Ev4"))), null);

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-throttled");
        assertThat(server.startCalls()).hasSizeGreaterThan(1); // the SDK's retry policy tried again
        assertThat(server.started()).doesNotContainKey("T1-Ev4");
    }

    @Test
    void handleRequest_throttledOnce_succeedsThroughSdkRetry() {
        server.throttleNext(1);

        SQSBatchResponse response = handler.handleRequest(event(record("m1", body("T1", "Ev5"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(server.started()).containsKey("T1-Ev5");
    }

    @Test
    void handleRequest_mixedBatch_reportsOnlyUnreadableMessage() {
        SQSBatchResponse response = handler.handleRequest(
                event(
                        record("good", body("T1", "Ev6")),
                        record("not-json", "{oops"),
                        record("no-team", "{\"schemaVersion\":1,\"eventId\":\"Ev7\"}"),
                        record("good-2", body("T1", "Ev8"))),
                null);

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrder("not-json", "no-team");
        assertThat(server.started()).containsOnlyKeys("T1-Ev6", "T1-Ev8");
    }

    private static String body(String team, String eventId) {
        try {
            return Json.mapper()
                    .writeValueAsString(new ModerationRequest(
                            1,
                            eventId,
                            team,
                            null,
                            "C1",
                            "channel",
                            "U1",
                            "1.1",
                            null,
                            Instant.parse("2026-11-25T12:00:00Z"),
                            List.of()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SQSEvent.SQSMessage record(String id, String body) {
        var m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        return m;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        var e = new SQSEvent();
        e.setRecords(List.of(records));
        return e;
    }
}
