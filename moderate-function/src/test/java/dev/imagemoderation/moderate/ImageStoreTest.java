package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.errors.StorageUnavailableException;
import dev.imagemoderation.embedded.EmbeddedS3;
import org.junit.jupiter.api.Test;

class ImageStoreTest {

    @Test
    void put_storesWithServerSideEncryptionRequested_andS3FailureIsRetryableStorageError() {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client()) {
            s3.createBucket("images");
            new ImageStore(client, "images").put("incoming/a", new byte[] {7}, "image/png");

            assertThat(client.getObjectAsBytes(b -> b.bucket("images").key("incoming/a"))
                            .asByteArray())
                    .containsExactly(7);
            assertThat(client.headObject(b -> b.bucket("images").key("incoming/a"))
                            .contentType())
                    .isEqualTo("image/png");
            assertThatThrownBy(() ->
                            new ImageStore(client, "no-such-bucket").put("incoming/b", new byte[] {1}, "image/png"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("incoming/b");
        }
    }
}
