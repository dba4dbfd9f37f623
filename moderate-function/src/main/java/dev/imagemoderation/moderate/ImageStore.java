package dev.imagemoderation.moderate;

import dev.imagemoderation.core.errors.StorageUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Keeps fetched images under {@code incoming/}, encrypted at rest. The bucket's lifecycle
 * rule expires them within a day; the workflow copies what it removes to {@code quarantine/}.
 */
final class ImageStore {

    private final S3Client s3;
    private final String bucket;

    ImageStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    void put(String key, byte[] bytes, String contentType) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            // S3 is retried by the SDK already; what is left is an outage worth retrying later.
            throw new StorageUnavailableException(
                    "S3 PutObject of " + key + " failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
