package dev.imagemoderation.embedded;

import java.net.URI;
import java.time.Duration;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ, a real SQS protocol server, inside this JVM on a free loopback port. */
public final class EmbeddedSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private EmbeddedSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedSqs start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                // "*" makes queue URLs follow the host and port the request came to.
                .withServerAddress(new NodeAddress("http", "*", 0, ""))
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new EmbeddedSqs(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A real {@link SqsClient} pointed at this server, with dummy credentials. */
    public SqsClient client() {
        return client(Duration.ofSeconds(10));
    }

    public SqsClient client(Duration apiCallTimeout) {
        return SqsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(apiCallTimeout)
                        .build())
                .build();
    }

    /** Creates a queue and returns its URL. */
    public String createQueue(String name) {
        try (SqsClient sqs = client()) {
            return sqs.createQueue(b -> b.queueName(name)).queueUrl();
        }
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
