package dev.imagemoderation.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Proxy, a real S3 protocol server, in this JVM on a free loopback port, over an in-memory blob store. */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test-secret";

    private final S3Proxy proxy;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static EmbeddedS3 start() {
        return start(new TransientNio2BlobStore());
    }

    /** Objects kept as files under {@code dir}, so they survive a restart (local mode's data directory). */
    public static EmbeddedS3 startOnDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The file store rejects the SSE header the functions send (as they must in AWS); accept it here,
        // since encryption at rest on a developer's disk is the machine's business, not S3Proxy's.
        var files = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        return start(new ForwardingBlobStore(files) {
            @Override
            public boolean supportsServerSideEncryption() {
                return true;
            }
        });
    }

    private static EmbeddedS3 start(BlobStore store) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return new EmbeddedS3(proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** A real {@link S3Client} for this server (path-style addressing, test credentials). */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(LoopbackHttp.client())
                // A loopback server writing to the local disk: the SDK's default CRC32 of every
                // body in and out buys nothing here and costs CPU on each image.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public void createBucket(String name) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(name));
        }
    }

    /** Creates the bucket unless it exists (after a restart on the same directory). */
    public void ensureBucket(String name) {
        try (S3Client s3 = client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
                s3.createBucket(b -> b.bucket(name));
            }
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
