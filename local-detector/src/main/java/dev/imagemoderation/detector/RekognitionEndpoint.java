package dev.imagemoderation.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.awsjson.AwsJsonServer;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.detector.internal.ImageDecoder;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code RekognitionService.DetectModerationLabels} over HTTP in the AWS JSON 1.1
 * protocol, answered by the local model, so that the unchanged {@code RekognitionClient}
 * (or the AWS CLI with {@code --endpoint-url}) can call it. Rekognition's limits and error
 * types: 5 MB as bytes, 15 MB from S3, 80 px minimum side, {@code InvalidImageFormatException},
 * {@code ImageTooLargeException}, {@code InvalidS3ObjectException},
 * {@code InvalidParameterException}, and {@code ThrottlingException} when every worker is busy.
 */
public final class RekognitionEndpoint implements AutoCloseable {

    public static final String TARGET = "RekognitionService.DetectModerationLabels";
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final long MAX_S3_BYTES = 15L * 1024 * 1024;
    static final int MIN_SIDE = 80;

    private final LocalDetector detector;
    private final S3Client s3;
    private final Set<String> allowedBuckets;

    /** 5 MB of image as base64 (a third larger) and the request around it; anything bigger is refused unread. */
    static final int MAX_REQUEST_BYTES = 7 * 1024 * 1024;

    private final AwsJsonServer server;

    /** @param s3 where {@code Image.S3Object} is read from; null to accept only {@code Image.Bytes} */
    public RekognitionEndpoint(LocalDetector detector, S3Client s3, String host, int port) {
        this(detector, s3, null, host, port);
    }

    /**
     * @param allowedBuckets the only buckets {@code Image.S3Object} may name (the credentials behind {@code s3}
     *     must not read whatever a caller asks for); null for any, as on loopback in local mode
     */
    public RekognitionEndpoint(LocalDetector detector, S3Client s3, Set<String> allowedBuckets, String host, int port) {
        this.detector = detector;
        this.s3 = s3;
        this.allowedBuckets = allowedBuckets == null ? null : Set.copyOf(allowedBuckets);
        this.server = new AwsJsonServer("1.1", host, port)
                .maxBodyBytes(MAX_REQUEST_BYTES)
                .on(TARGET, this::detect);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    private AwsJsonServer.Reply detect(JsonNode request) {
        float min = RekognitionMapping.DEFAULT_MIN_CONFIDENCE;
        if (request.has("MinConfidence")) {
            double v = request.path("MinConfidence").asDouble(-1);
            if (!request.path("MinConfidence").isNumber() || v < 0 || v > 100) {
                return error("InvalidParameterException", "MinConfidence must be between 0 and 100");
            }
            min = (float) v;
        }
        JsonNode image = request.path("Image");
        byte[] bytes;
        if (image.hasNonNull("Bytes")) {
            try {
                bytes = Base64.getDecoder().decode(image.path("Bytes").asText());
            } catch (IllegalArgumentException e) {
                return error("InvalidParameterException", "Image.Bytes is not base64");
            }
            if (bytes.length > MAX_BYTES) {
                return error(
                        "ImageTooLargeException",
                        "Image size is too large: " + bytes.length + " bytes, the limit for bytes is 5 MB");
            }
        } else if (image.has("S3Object")) {
            if (s3 == null) {
                return error("InvalidS3ObjectException", "this endpoint has no S3 configured");
            }
            String bucket = image.path("S3Object").path("Bucket").asText("");
            String key = image.path("S3Object").path("Name").asText("");
            if (allowedBuckets != null && !allowedBuckets.contains(bucket)) {
                return error(
                        "InvalidS3ObjectException",
                        "Unable to get object from S3: bucket " + bucket + " is not one this endpoint may read");
            }
            try {
                // One GET, no HEAD: reading one byte past the limit tells an oversized object without its length
                // header.
                try (var object = s3.getObject(b -> b.bucket(bucket).key(key))) {
                    bytes = object.readNBytes((int) MAX_S3_BYTES + 1);
                    if (bytes.length > MAX_S3_BYTES) {
                        object.abort();
                        return error("ImageTooLargeException", "Image size is too large: the limit from S3 is 15 MB");
                    }
                }
            } catch (IOException e) {
                return error(
                        "InvalidS3ObjectException",
                        "Unable to read object from S3 (" + e.getClass().getSimpleName() + ")");
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                return error(
                        "InvalidS3ObjectException",
                        "Unable to get object metadata from S3. Check object key, region and/or access permissions.");
            } catch (SdkException e) {
                return error(
                        "InvalidS3ObjectException",
                        "Unable to get object from S3 (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            return error("InvalidParameterException", "Image must have Bytes or S3Object");
        }
        BufferedImage rgb;
        try {
            rgb = ImageDecoder.decode(bytes);
        } catch (ImageDecoder.TooLargeException e) {
            return error("ImageTooLargeException", "Image size is too large: " + e.getMessage());
        } catch (ImageDecoder.UndecodableException e) {
            return error("InvalidImageFormatException", "Request has invalid image format: " + e.getMessage());
        }
        if (Math.min(rgb.getWidth(), rgb.getHeight()) < MIN_SIDE) {
            return error(
                    "InvalidParameterException",
                    "Image is too small: " + rgb.getWidth() + " x " + rgb.getHeight()
                            + " pixels, the minimum is 80 pixels a side");
        }
        Detection detection;
        try {
            detection = detector.detect(rgb, min);
        } catch (LocalDetector.BusyException e) {
            return error("ThrottlingException", "Rate exceeded: " + e.getMessage());
        }
        ObjectNode body = Json.mapper().valueToTree(detection);
        return new AwsJsonServer.Reply.Ok(body);
    }

    private static AwsJsonServer.Reply error(String type, String message) {
        return new AwsJsonServer.Reply.Error(400, type, message);
    }

    @Override
    public void close() {
        server.close();
    }
}
