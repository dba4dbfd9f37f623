package dev.imagemoderation.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.embedded.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.s3.S3Client;

/** The detector's endpoint bounds what it reads before reading it, and reads only the buckets it is given. */
class EndpointBoundsTest {

    private static LocalDetector detector;
    private static EmbeddedS3 s3;
    private static S3Client s3Client;
    private static RekognitionEndpoint endpoint;
    private static RekognitionClient rekognition;

    @BeforeAll
    static void start() {
        detector = new LocalDetector(Model.MOBILENET_V2, 1);
        s3 = EmbeddedS3.start();
        s3Client = s3.client();
        s3.createBucket("allowed");
        s3.createBucket("private");
        endpoint = new RekognitionEndpoint(detector, s3Client, Set.of("allowed"), "127.0.0.1", 0);
        rekognition = EndpointClients.rekognition(endpoint).build();
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        endpoint.close();
        s3Client.close();
        s3.close();
        detector.close();
    }

    @Test
    void aRequestBodyOverTheLimit_isRefusedUnread_with413() throws Exception {
        byte[] huge = new byte[RekognitionEndpoint.MAX_REQUEST_BYTES + 1024];
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint.endpoint())
                                .header("X-Amz-Target", RekognitionEndpoint.TARGET)
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("over");
    }

    @Test
    void aHeaderClaiming20000Squared_isImageTooLarge_beforeAnyPixelIsDecoded() {
        byte[] bomb = png(20_000, 20_000);
        assertThat(bomb.length).isLessThan(100);

        assertThatThrownBy(() ->
                        rekognition.detectModerationLabels(b -> b.image(i -> i.bytes(SdkBytes.fromByteArray(bomb)))))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("20000 x 20000");
    }

    @Test
    void aBucketOffTheAllowlist_isNotRead() {
        s3Client.putObject(b -> b.bucket("private").key("secret.png"), RequestBody.fromBytes(new byte[] {1}));

        assertThatThrownBy(() -> rekognition.detectModerationLabels(
                        b -> b.image(i -> i.s3Object(o -> o.bucket("private").name("secret.png")))))
                .isInstanceOf(InvalidS3ObjectException.class)
                .hasMessageContaining("not one this endpoint may read");
    }

    @Test
    void serve_beyondLoopback_withS3_butNoBucketAllowlist_refusesToStart() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DetectorCommand.run(
                new String[] {"serve", "--host", "0.0.0.0", "--s3-endpoint", "http://127.0.0.1:1"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--buckets");
    }

    /** A PNG with only a header (and an end): it claims its size and holds no pixels. */
    private static byte[] png(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(
                out,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(w)
                        .putInt(h)
                        .put((byte) 8)
                        .put((byte) 2)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
