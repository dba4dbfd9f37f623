package dev.imagemoderation.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class EmbeddedS3Test {

    @Test
    void putCopyGetDelete_throughTheRealS3Client() {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client()) {
            s3.createBucket("moderation");
            client.putObject(
                    b -> b.bucket("moderation").key("incoming/a").serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromBytes(new byte[] {1, 2, 3}));
            client.copyObject(b -> b.sourceBucket("moderation")
                    .sourceKey("incoming/a")
                    .destinationBucket("moderation")
                    .destinationKey("quarantine/a"));

            assertThat(client.getObjectAsBytes(b -> b.bucket("moderation").key("quarantine/a"))
                            .asByteArray())
                    .containsExactly(1, 2, 3);
            client.deleteObject(b -> b.bucket("moderation").key("incoming/a"));
            assertThat(client.listObjectsV2(b -> b.bucket("moderation")).contents())
                    .extracting("key")
                    .containsExactly("quarantine/a");
        }
    }
}
