package dev.imagemoderation.ingest;

import static dev.imagemoderation.testkit.slack.SlackPayloads.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.testkit.slack.SignedRequestBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The real ingest handler, wired from its environment, sending through the real SqsClient to ElasticMQ. */
class IngestToSqsIntegrationTest {

    private static final String SECRET = "integration-signing-secret";
    private static EmbeddedSqs sqs;

    @BeforeAll
    static void startSqs() {
        sqs = EmbeddedSqs.start();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    private static SlackEventsHandler handler(String queueUrl, SqsClient client) {
        Env env = Env.of(Map.of(
                "QUEUE_URL", queueUrl,
                "SLACK_SIGNING_SECRET", SECRET,
                "SLACK_APP_ID", OWN_APP,
                "SLACK_BOT_ID", OWN_BOT));
        return new SlackEventsHandler(IngestConfig.from(env, Secrets.withDefaultClient()), client);
    }

    @Test
    void signedEvent_isQueuedAsOneMessage_withEveryContractField() throws Exception {
        String queueUrl = sqs.createQueue("moderation-contract");
        try (SqsClient client = sqs.client()) {
            var event = SignedRequestBuilder.body(json(THREAD_BROADCAST_WITH_FILES))
                    .secret(SECRET)
                    .build()
                    .lowerCaseHeaders()
                    .toApiGatewayEvent(true);

            var response = handler(queueUrl, client).handleRequest(event, null);

            assertThat(response.getStatusCode()).isEqualTo(200);
            List<Message> messages = client.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages();
            assertThat(messages).hasSize(1);
            JsonNode body = Json.mapper().readTree(messages.getFirst().body());
            assertThat(body.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(body.path("eventId").asText()).isEqualTo("Ev0BROADCAST");
            assertThat(body.path("teamId").asText()).isEqualTo(TEAM);
            assertThat(body.has("enterpriseId")).isFalse();
            assertThat(body.path("channelId").asText()).isEqualTo(CHANNEL);
            assertThat(body.path("channelType").asText()).isEqualTo("channel");
            assertThat(body.path("userId").asText()).isEqualTo(POSTER);
            assertThat(body.path("messageTs").asText()).isEqualTo("1732540050.000200");
            assertThat(body.path("threadTs").asText()).isEqualTo("1732539000.000100");
            assertThat(body.path("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            JsonNode file = body.path("files").get(0);
            assertThat(body.path("files").size()).isEqualTo(1);
            assertThat(file.path("id").asText()).isEqualTo("F0IMGTHR01");
            assertThat(file.path("name").asText()).isEqualTo("reply.png");
            assertThat(file.path("mimetype").asText()).isEqualTo("image/png");
            assertThat(file.path("filetype").asText()).isEqualTo("png");
            assertThat(file.path("size").asLong()).isEqualTo(70000);
            assertThat(file.path("mode").asText()).isEqualTo("hosted");
            assertThat(file.path("fileAccess").asText()).isEqualTo("visible");
            assertThat(file.path("urlPrivate").asText()).startsWith("https://files.slack.com/files-pri/");
            assertThat(file.path("originalW").asInt()).isEqualTo(640);
            assertThat(file.path("originalH").asInt()).isEqualTo(480);
            assertThat(file.path("thumbs").path("360").path("url").asText()).contains("_360.png");
            assertThat(file.path("thumbs").path("360").path("w").asInt()).isEqualTo(360);
            assertThat(file.path("thumbs").path("360").path("h").asInt()).isEqualTo(270);
            assertThat(file.path("thumbs").path("480").path("w").asInt()).isEqualTo(480);
            assertThat(messages.getFirst().messageAttributes().get("eventId").stringValue())
                    .isEqualTo("Ev0BROADCAST");
        }
    }

    @Test
    void skippedEvent_sendsNothing() {
        String queueUrl = sqs.createQueue("moderation-skips");
        try (SqsClient client = sqs.client()) {
            var event = SignedRequestBuilder.body(json(OWN_BOT_IMAGE))
                    .secret(SECRET)
                    .build()
                    .toApiGatewayEvent(false);

            assertThat(handler(queueUrl, client).handleRequest(event, null).getStatusCode())
                    .isEqualTo(200);
            assertThat(client.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1))
                            .messages())
                    .isEmpty();
        }
    }

    @Test
    void queueThatDoesNotExist_answers500() {
        try (SqsClient client = sqs.client()) {
            var event = SignedRequestBuilder.body(json(MESSAGE_IMAGE_NO_SUBTYPE))
                    .secret(SECRET)
                    .build()
                    .toApiGatewayEvent(false);
            String missing = sqs.endpoint() + "/000000000000/no-such-queue";

            assertThat(handler(missing, client).handleRequest(event, null).getStatusCode())
                    .isEqualTo(500);
        }
    }

    @Test
    void sqsUnreachable_answers500WithinTheCallTimeout() {
        try (EmbeddedSqs doomed = EmbeddedSqs.start()) {
            String queueUrl = doomed.createQueue("gone");
            SqsClient client = doomed.client(Duration.ofSeconds(2));
            doomed.close();
            var event = SignedRequestBuilder.body(json(MESSAGE_IMAGE_NO_SUBTYPE))
                    .secret(SECRET)
                    .build()
                    .toApiGatewayEvent(false);

            assertThat(handler(queueUrl, client).handleRequest(event, null).getStatusCode())
                    .isEqualTo(500);
            client.close();
        }
    }

    @Test
    void slackRetryAndFirstDelivery_areBothQueued() {
        String queueUrl = sqs.createQueue("moderation-retries");
        try (SqsClient client = sqs.client()) {
            var handler = handler(queueUrl, client);
            String body = json(MESSAGE_FILE_SHARE);

            handler.handleRequest(
                    SignedRequestBuilder.body(body).secret(SECRET).build().toApiGatewayEvent(false), null);
            handler.handleRequest(
                    SignedRequestBuilder.body(body)
                            .secret(SECRET)
                            .retry(1)
                            .build()
                            .toApiGatewayEvent(false),
                    null);

            var attrs = client.getQueueAttributes(
                            b -> b.queueUrl(queueUrl).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                    .attributesAsStrings();
            assertThat(attrs.get("ApproximateNumberOfMessages")).isEqualTo("2");
        }
    }
}
