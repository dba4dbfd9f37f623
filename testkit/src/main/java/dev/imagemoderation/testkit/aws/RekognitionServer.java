package dev.imagemoderation.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.awsjson.AwsJsonServer;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.HumanLoopActivation;
import dev.imagemoderation.core.moderation.ModerationLabel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code DetectModerationLabels} in Rekognition's JSON 1.1 protocol, answering scripted
 * labels per S3 key fragment (a file id, say), honouring {@code MinConfidence} as
 * Rekognition does, with scriptable throttling and rejections.
 */
public final class RekognitionServer implements AutoCloseable {

    public static final String DETECT = "RekognitionService.DetectModerationLabels";
    public static final String MODEL_VERSION = "7.0";

    private final AwsJsonServer server = new AwsJsonServer("1.1");
    private final Map<String, List<ModerationLabel>> labelsByKeyFragment = new LinkedHashMap<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile String rejectWith;
    private final Map<String, String> rejectedKeys = new LinkedHashMap<>();
    private final Map<String, HumanLoopActivation> humanLoops = new LinkedHashMap<>();
    private S3Client contentSource;
    private Function<BufferedImage, List<ModerationLabel>> contentJudge;

    public RekognitionServer() {
        server.on(DETECT, this::detect);
    }

    /** Objects whose key contains {@code keyFragment} get these labels. */
    public synchronized RekognitionServer labels(String keyFragment, ModerationLabel... labels) {
        labelsByKeyFragment.put(keyFragment, List.of(labels));
        return this;
    }

    /** Objects whose key contains {@code keyFragment} come back with this {@code HumanLoopActivationOutput}. */
    public synchronized RekognitionServer humanLoop(String keyFragment, HumanLoopActivation activation) {
        humanLoops.put(keyFragment, activation);
        return this;
    }

    /**
     * Labels decided by what the image shows, read from S3 as Rekognition reads it: for tests
     * where which object holds which picture is the code under test's choice (frames of an
     * animation), so the stand-in must not be keyed by name.
     */
    public synchronized RekognitionServer judgeContent(
            S3Client s3, Function<BufferedImage, List<ModerationLabel>> judge) {
        this.contentSource = s3;
        this.contentJudge = judge;
        return this;
    }

    public RekognitionServer throttleNext(int n) {
        throttleNext.set(n);
        return this;
    }

    /** Every later call fails with this Rekognition error type, e.g. {@code InvalidImageFormatException}. */
    public RekognitionServer rejectWith(String errorType) {
        rejectWith = errorType;
        return this;
    }

    /** Objects whose key contains {@code keyFragment} fail with this Rekognition error type; others answer. */
    public synchronized RekognitionServer rejectKey(String keyFragment, String errorType) {
        rejectedKeys.put(keyFragment, errorType);
        return this;
    }

    /** Forgets scripted labels and faults (the call log stays). */
    public synchronized RekognitionServer reset() {
        labelsByKeyFragment.clear();
        rejectedKeys.clear();
        humanLoops.clear();
        contentSource = null;
        contentJudge = null;
        throttleNext.set(0);
        rejectWith = null;
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public List<AwsJsonServer.Call> calls() {
        return server.calls(DETECT);
    }

    private synchronized AwsJsonServer.Reply detect(JsonNode req) {
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new AwsJsonServer.Reply.Error(400, "ThrottlingException", "Rate exceeded");
        }
        if (rejectWith != null) {
            return new AwsJsonServer.Reply.Error(400, rejectWith, "Request has invalid image format");
        }
        JsonNode s3 = req.path("Image").path("S3Object");
        if (s3.isMissingNode() && !req.path("Image").has("Bytes")) {
            return new AwsJsonServer.Reply.Error(400, "InvalidParameterException", "Image is required");
        }
        String key = s3.path("Name").asText("");
        for (var rejected : rejectedKeys.entrySet()) {
            if (key.contains(rejected.getKey())) {
                return new AwsJsonServer.Reply.Error(400, rejected.getValue(), "Request has invalid image format");
            }
        }
        double min = req.has("MinConfidence") ? req.path("MinConfidence").asDouble() : 50.0;
        ObjectNode body = AwsJsonServer.object();
        ArrayNode labels = body.putArray("ModerationLabels");
        labelsByKeyFragment.forEach((fragment, list) -> {
            if (key.contains(fragment)) {
                addLabels(labels, list, min);
            }
        });
        if (contentJudge != null && !s3.isMissingNode()) {
            addLabels(labels, judged(s3.path("Bucket").asText(), key), min);
        }
        body.put("ModerationModelVersion", MODEL_VERSION);
        body.putArray("ContentTypes");
        humanLoops.forEach((fragment, activation) -> {
            if (key.contains(fragment)) {
                body.set("HumanLoopActivationOutput", Json.mapper().valueToTree(activation));
            }
        });
        return new AwsJsonServer.Reply.Ok(body);
    }

    /** Rekognition's label objects, for those at or above {@code MinConfidence}. */
    private static void addLabels(ArrayNode out, List<ModerationLabel> labels, double min) {
        labels.stream()
                .filter(l -> l.confidence() >= min)
                .forEach(l -> out.addObject()
                        .put("Name", l.name())
                        .put("ParentName", l.parentName() == null ? "" : l.parentName())
                        .put("Confidence", l.confidence())
                        .put("TaxonomyLevel", l.taxonomyLevel()));
    }

    private List<ModerationLabel> judged(String bucket, String key) {
        byte[] bytes =
                contentSource.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return image == null ? List.of() : contentJudge.apply(image);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
