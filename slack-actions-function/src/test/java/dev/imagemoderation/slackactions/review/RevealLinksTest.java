package dev.imagemoderation.slackactions.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.embedded.EmbeddedS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** View (logged) on AWS: a pre-signed GET of the quarantined object, fetched here against S3Proxy. */
class RevealLinksTest {

    @Test
    void aPresignedLink_opensTheQuarantinedOriginal_andOnlyIt_forFiveMinutes() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client();
                S3Presigner presigner = S3Presigner.builder()
                        .endpointOverride(s3.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build()) {
            s3.createBucket("moderation-reveal");
            byte[] original = {1, 2, 3, 4, 5};
            client.putObject(
                    b -> b.bucket("moderation-reveal").key("quarantine/T1/Ev1/F1"), RequestBody.fromBytes(original));
            Reveals.Links links = Reveals.presigned(presigner, "moderation-reveal");

            String url = links.link("T1-Ev1", "F1", "quarantine/T1/Ev1/F1");
            var got = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            var tampered = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(url.replace("quarantine/T1/Ev1/F1", "quarantine/T1/Ev1/F2")))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());

            assertThat(links.console()).isFalse();
            assertThat(url).contains("X-Amz-Expires=300");
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(original);
            assertThat(tampered.statusCode()).as("the signature covers the key").isEqualTo(403);
        }
    }
}
