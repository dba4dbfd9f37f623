package dev.imagemoderation.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.testkit.images.TestImages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.s3.S3Client;

/** The local detector's endpoint through the unchanged RekognitionClient, with S3 objects in S3Proxy. */
class RekognitionEndpointTest {

    private static LocalDetector detector;
    private static EmbeddedS3 s3;
    private static S3Client s3Client;
    private static RekognitionEndpoint endpoint;
    private static RekognitionClient rekognition;

    @BeforeAll
    static void start() {
        detector = new LocalDetector(Model.MOBILENET_V2, 2);
        s3 = EmbeddedS3.start();
        s3Client = s3.client();
        s3.createBucket("images");
        endpoint = new RekognitionEndpoint(detector, s3Client, "127.0.0.1", 0);
        rekognition = EndpointClients.rekognition(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        endpoint.close();
        s3Client.close();
        s3.close();
        detector.close();
    }

    private DetectModerationLabelsResponse bytes(byte[] image, Float min) {
        return rekognition.detectModerationLabels(b -> {
            b.image(i -> i.bytes(SdkBytes.fromByteArray(image)));
            if (min != null) {
                b.minConfidence(min);
            }
        });
    }

    @Test
    void bytes_answerInRekognitionsShape_withTheModelVersion() {
        var r = bytes(TestImages.jpeg(320, 240), 0f);

        assertThat(r.moderationModelVersion()).isEqualTo("nsfwjs-mobilenet_v2-4.4.0");
        assertThat(r.moderationLabels())
                .extracting("name")
                .containsExactlyInAnyOrderElementsOf(EndpointClients.ALL_LABELS);
        assertThat(r.moderationLabels()).allSatisfy(l -> {
            assertThat(l.confidence()).isBetween(0f, 100f);
            assertThat(l.taxonomyLevel()).isIn(1, 2);
        });
        assertThat(r.moderationLabels())
                .filteredOn(l -> l.name().equals("Explicit Nudity"))
                .singleElement()
                .satisfies(l -> assertThat(l.parentName()).isEqualTo("Explicit"));
    }

    @Test
    void minConfidence_filtersLabels_andDefaultsTo50() {
        assertThat(bytes(TestImages.jpeg(320, 240), 100f).moderationLabels()).isEmpty();
        assertThat(bytes(TestImages.jpeg(320, 240), null).moderationLabels())
                .allSatisfy(l -> assertThat(l.confidence()).isGreaterThanOrEqualTo(50f));
    }

    @Test
    void s3Object_isReadFromTheConfiguredS3() {
        s3Client.putObject(
                b -> b.bucket("images").key("incoming/a.png"), RequestBody.fromBytes(TestImages.png(300, 300)));

        var r = rekognition.detectModerationLabels(b -> b.minConfidence(0f)
                .image(i -> i.s3Object(o -> o.bucket("images").name("incoming/a.png"))));

        assertThat(r.moderationLabels()).hasSize(5);
    }

    @Test
    void missingS3Object_isInvalidS3Object() {
        assertThatThrownBy(() -> rekognition.detectModerationLabels(
                        b -> b.image(i -> i.s3Object(o -> o.bucket("images").name("nope.png")))))
                .isInstanceOf(InvalidS3ObjectException.class);
    }

    @Test
    void corruptImageOrTextFile_isInvalidImageFormat() {
        assertThatThrownBy(() -> bytes(TestImages.truncatedJpeg(300, 300), null))
                .isInstanceOf(InvalidImageFormatException.class);
        assertThatThrownBy(() -> bytes("just some text, not a picture".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(InvalidImageFormatException.class);
    }

    @Test
    void bytesOver5MB_isImageTooLarge() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];

        assertThatThrownBy(() -> bytes(big, null)).isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void s3ObjectOver15MB_isImageTooLarge_andOneJustUnder_isReadAndJudgedOnItsContent() {
        s3Client.putObject(
                b -> b.bucket("images").key("incoming/huge.bin"),
                RequestBody.fromBytes(new byte[(int) RekognitionEndpoint.MAX_S3_BYTES + 1]));
        s3Client.putObject(
                b -> b.bucket("images").key("incoming/big.bin"),
                RequestBody.fromBytes(new byte[(int) RekognitionEndpoint.MAX_S3_BYTES]));

        assertThatThrownBy(() -> rekognition.detectModerationLabels(
                        b -> b.image(i -> i.s3Object(o -> o.bucket("images").name("incoming/huge.bin")))))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("15 MB");
        assertThatThrownBy(() -> rekognition.detectModerationLabels(
                        b -> b.image(i -> i.s3Object(o -> o.bucket("images").name("incoming/big.bin")))))
                .isInstanceOf(InvalidImageFormatException.class);
    }

    @Test
    void fiftyPixelImage_isRefusedAsTooSmall() {
        assertThatThrownBy(() -> bytes(TestImages.png(50, 50), null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("80 pixels");
    }
}
