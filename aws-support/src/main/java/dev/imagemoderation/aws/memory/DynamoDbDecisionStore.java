package dev.imagemoderation.aws.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.core.errors.StorageUnavailableException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.memory.CachedDetection;
import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionKind;
import dev.imagemoderation.core.memory.DecisionStore;
import dev.imagemoderation.core.memory.DecisionTableSchema;
import dev.imagemoderation.core.moderation.Detection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The decision store on DynamoDB: one table, the workspace as partition key, so that a workspace's reads never
 * touch another's items. Sort keys: {@code decision#<sha256>} for a moderator's decision (the latest replaces
 * the earlier), {@code labels#<sha256>#<detector>#<policy>} for cached labels, which carry the table's TTL
 * attribute {@value #TTL_ATTRIBUTE} in epoch seconds.
 */
public final class DynamoDbDecisionStore implements DecisionStore {

    public static final String PARTITION_KEY = DecisionTableSchema.PARTITION_KEY;
    public static final String SORT_KEY = DecisionTableSchema.SORT_KEY;
    public static final String TTL_ATTRIBUTE = DecisionTableSchema.TTL_ATTRIBUTE;
    private static final String DECISION = "decision#";
    private static final String LABELS = "labels#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDecisionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The store on a function's default client (region and credentials from the Lambda environment). */
    public static DynamoDbDecisionStore withDefaultClient(String table) {
        return new DynamoDbDecisionStore(
                DynamoDbClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(10)))
                        .build(),
                table);
    }

    @Override
    public void record(Decision d) {
        Map<String, AttributeValue> item = key(d.teamId(), DECISION + d.sha256());
        item.put("kind", s(d.kind().name()));
        item.put("sha256", s(d.sha256()));
        if (d.pdq() != null) {
            item.put("pdq", s(d.pdq()));
            item.put("pdqQuality", n(d.pdqQuality()));
        }
        if (d.actor() != null) {
            item.put("actor", s(d.actor()));
        }
        item.put("decidedAt", s(d.decidedAt().toString()));
        if (d.execution() != null) {
            item.put("execution", s(d.execution()));
        }
        call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public Optional<Decision> decision(String teamId, String sha256) {
        Map<String, AttributeValue> item = call(() -> dynamo.getItem(b ->
                        b.tableName(table).key(key(teamId, DECISION + sha256)).consistentRead(true)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decision(teamId, item));
    }

    @Override
    public List<Decision> decisionsWithPdq(String teamId) {
        List<Decision> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = call(() -> dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("#pk = :team AND begins_with(#sk, :prefix)")
                    .filterExpression("attribute_exists(pdq)")
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                    .expressionAttributeValues(Map.of(":team", s(teamId), ":prefix", s(DECISION)))
                    .exclusiveStartKey(from)));
            page.items().forEach(item -> out.add(decision(teamId, item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void cache(CachedDetection c) {
        Map<String, AttributeValue> item = key(c.teamId(), labelsKey(c.sha256(), c.detector(), c.policyVersion()));
        try {
            item.put("detection", s(Json.mapper().writeValueAsString(c.detection())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Detection always serialises", e);
        }
        if (c.detectorLabel() != null) {
            item.put("detectorLabel", s(c.detectorLabel()));
        }
        item.put("storedAt", s(c.storedAt().toString()));
        item.put(TTL_ATTRIBUTE, n(c.expiresAt().getEpochSecond()));
        call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public Optional<CachedDetection> cached(
            String teamId, String sha256, String detector, String policyVersion, Instant now) {
        Map<String, AttributeValue> item = call(() -> dynamo.getItem(
                        b -> b.tableName(table).key(key(teamId, labelsKey(sha256, detector, policyVersion)))))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Detection detection;
        try {
            detection = Json.mapper().readValue(item.get("detection").s(), Detection.class);
        } catch (JsonProcessingException e) {
            // A damaged entry costs one detector call, nothing more.
            return Optional.empty();
        }
        CachedDetection c = new CachedDetection(
                teamId,
                sha256,
                detector,
                policyVersion,
                detection,
                text(item, "detectorLabel"),
                Instant.parse(item.get("storedAt").s()),
                Instant.ofEpochSecond(Long.parseLong(item.get(TTL_ATTRIBUTE).n())));
        return c.validAt(now) ? Optional.of(c) : Optional.empty();
    }

    private static Decision decision(String teamId, Map<String, AttributeValue> item) {
        return new Decision(
                teamId,
                item.get("sha256").s(),
                text(item, "pdq"),
                item.containsKey("pdqQuality")
                        ? Integer.parseInt(item.get("pdqQuality").n())
                        : 0,
                DecisionKind.valueOf(item.get("kind").s()),
                text(item, "actor"),
                Instant.parse(item.get("decidedAt").s()),
                text(item, "execution"));
    }

    private static String labelsKey(String sha256, String detector, String policyVersion) {
        return LABELS + sha256 + "#" + detector + "#" + policyVersion;
    }

    private static Map<String, AttributeValue> key(String teamId, String sortKey) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PARTITION_KEY, s(teamId));
        key.put(SORT_KEY, s(sortKey));
        return key;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** Throttling, 5xx and an unreachable endpoint are worth the workflow's retries; anything else is a bug. */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StorageUnavailableException("the decision store is busy: " + errorCode(e), e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new StorageUnavailableException(
                    "the decision store is unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null
                ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode();
    }
}
