package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.internal.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code arn:aws:states:::aws-sdk:s3:*} integrations this runner supports, on a real
 * {@link S3Client}: copyObject, deleteObject, deleteObjects. Errors are named
 * {@code S3.<ErrorCode>} as the SDK integrations name them.
 */
public final class S3Integration {

    public static final String PREFIX = "arn:aws:states:::aws-sdk:s3:";

    private final S3Client s3;
    private final Map<String, Function<JsonNode, JsonNode>> actions;

    public S3Integration(S3Client s3) {
        this.s3 = s3;
        this.actions = Map.of(
                "copyObject",
                this::copyObject,
                "deleteObject",
                this::deleteObject,
                "deleteObjects",
                this::deleteObjects);
    }

    public boolean supports(String resource) {
        return resource.startsWith(PREFIX) && actions.containsKey(resource.substring(PREFIX.length()));
    }

    public TaskResource resource(String resource) {
        Function<JsonNode, JsonNode> action = actions.get(resource.substring(PREFIX.length()));
        return args -> {
            try {
                return action.apply(args);
            } catch (S3Exception e) {
                String code = e.awsErrorDetails() == null
                        ? "S3Exception"
                        : e.awsErrorDetails().errorCode();
                throw new StatesError("S3." + code, String.valueOf(e.getMessage()));
            } catch (SdkException e) {
                throw new StatesError("S3.SdkClientException", String.valueOf(e.getMessage()));
            }
        };
    }

    private JsonNode copyObject(JsonNode a) {
        String source = a.path("CopySource").asText();
        int slash = source.indexOf('/');
        var r = s3.copyObject(b -> {
            b.sourceBucket(source.substring(0, slash))
                    .sourceKey(source.substring(slash + 1))
                    .destinationBucket(a.path("Bucket").asText())
                    .destinationKey(a.path("Key").asText());
            if (a.has("ServerSideEncryption")) {
                b.serverSideEncryption(a.path("ServerSideEncryption").asText());
            }
            if (a.has("MetadataDirective")) {
                b.metadataDirective(a.path("MetadataDirective").asText());
            }
        });
        ObjectNode out = Values.MAPPER.createObjectNode();
        out.putObject("CopyObjectResult")
                .put(
                        "ETag",
                        r.copyObjectResult() == null
                                ? null
                                : r.copyObjectResult().eTag());
        return out;
    }

    private JsonNode deleteObject(JsonNode a) {
        s3.deleteObject(
                b -> b.bucket(a.path("Bucket").asText()).key(a.path("Key").asText()));
        return Values.MAPPER.createObjectNode();
    }

    private JsonNode deleteObjects(JsonNode a) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        a.path("Delete")
                .path("Objects")
                .forEach(o -> ids.add(
                        ObjectIdentifier.builder().key(o.path("Key").asText()).build()));
        var r = s3.deleteObjects(b -> b.bucket(a.path("Bucket").asText())
                .delete(d -> d.objects(ids).quiet(a.path("Delete").path("Quiet").asBoolean(false))));
        ObjectNode out = Values.MAPPER.createObjectNode();
        var deleted = out.putArray("Deleted");
        r.deleted().forEach(d -> deleted.addObject().put("Key", d.key()));
        return out;
    }
}
