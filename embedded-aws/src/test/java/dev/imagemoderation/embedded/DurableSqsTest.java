package dev.imagemoderation.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DurableSqsTest {

    @TempDir
    Path dir;

    @Test
    void queuedMessages_andTheirReceiveCounts_surviveARestart_deletedOnesDoNot() throws Exception {
        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(dir);
                SqsClient client = sqs.client()) {
            String url = sqs.createQueue("events");
            for (String body : List.of("one", "two", "three")) {
                client.sendMessage(b -> b.queueUrl(url).messageBody(body));
            }
            Message first = client.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(1))
                    .messages()
                    .getFirst();
            Message second = client.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(1))
                    .messages()
                    .getFirst();
            client.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()));
            assertThat(first.body()).isNotEqualTo(second.body());
        }

        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(dir);
                SqsClient client = sqs.client()) {
            String url = client.getQueueUrl(b -> b.queueName("events")).queueUrl();
            List<Message> all = receiveAll(client, url, 3);
            assertThat(all).hasSize(2);
            assertThat(all)
                    .extracting(m -> m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .as("one was received before the restart, one was not")
                    .containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void aSecondDurableQueueInTheSameJvm_isRefused_untilTheFirstIsClosed() {
        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(dir.resolve("a"))) {
            assertThatThrownBy(() -> EmbeddedSqs.startDurable(dir.resolve("b")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("one durable queue server per JVM");
        }
        try (EmbeddedSqs again = EmbeddedSqs.startDurable(dir.resolve("b"))) {
            assertThat(again.createQueue("q")).endsWith("/q");
        }
    }

    /** The operator's case: every send that was answered is there after {@code kill -9}. */
    @Test
    void everyAnsweredSend_survivesTheProcessBeingKilled() throws Exception {
        Path data = dir.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableSqsSender.class.getName(),
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<String> answered = new HashSet<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("sent ")) {
                    answered.add(line.substring(5));
                    if (answered.size() == 150) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasSize(150);

        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(data);
                SqsClient client = sqs.client()) {
            String url = client.getQueueUrl(b -> b.queueName("events")).queueUrl();
            Set<String> bodies = new HashSet<>();
            receiveAll(client, url, Integer.MAX_VALUE).forEach(m -> bodies.add(m.body()));
            assertThat(bodies).containsAll(answered);
        }
    }

    private static List<Message> receiveAll(SqsClient client, String url, int atMost) {
        List<Message> all = new ArrayList<>();
        while (all.size() < atMost) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(2)
                            .visibilityTimeout(60)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }
}
