package dev.imagemoderation.embedded;

import java.nio.file.Path;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The process {@link DurableSqsTest} kills: sends until it dies, printing each answered send. */
public final class DurableSqsSender {

    private DurableSqsSender() {}

    public static void main(String[] args) {
        EmbeddedSqs sqs = EmbeddedSqs.startDurable(Path.of(args[0]));
        SqsClient client = sqs.client();
        String url = sqs.createQueue("events");
        for (int i = 0; ; i++) {
            String body = "event-" + i;
            client.sendMessage(b -> b.queueUrl(url).messageBody(body));
            System.out.println("sent " + body);
            System.out.flush();
        }
    }
}
