package dev.imagemoderation.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.aws.memory.DynamoDbDecisionStore;
import dev.imagemoderation.core.memory.CachedDetection;
import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionKind;
import dev.imagemoderation.core.memory.DecisionStore;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.testkit.aws.DynaliteServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One contract, every adapter: DynamoDB's (against dynalite, a real DynamoDB protocol server) and local mode's
 * H2 file. Each case gets fresh workspaces, so the adapters' state never leaks between cases.
 */
class DecisionStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String PDQ = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";
    private static final Detection LABELS = new Detection(
            List.of(new ModerationLabel(
                    "Swimwear or Underwear", "Non-Explicit Nudity of Intimate parts and Kissing", 88.5f, 3)),
            "7.0",
            List.of());

    @TempDir
    static Path dir;

    private static DynaliteServer dynalite;
    private static DynamoDbClient dynamo;
    private static H2DecisionStore h2;
    private static int nextTeam;

    @BeforeAll
    static void start() {
        dynalite = DynaliteServer.start();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        dynamo.createTable(b -> b.tableName("decisions")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(DynamoDbDecisionStore.PARTITION_KEY)
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName(DynamoDbDecisionStore.SORT_KEY)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName(DynamoDbDecisionStore.PARTITION_KEY)
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName(DynamoDbDecisionStore.SORT_KEY)
                                .keyType(KeyType.RANGE)
                                .build()));
        h2 = new H2DecisionStore(dir.resolve("memory"));
    }

    @AfterAll
    static void stop() throws Exception {
        h2.close();
        dynamo.close();
        dynalite.close();
    }

    static Stream<DecisionStore> adapters() {
        return Stream.of(new DynamoDbDecisionStore(dynamo, "decisions"), h2);
    }

    private static synchronized String team() {
        return "T" + (++nextTeam);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("adapters")
    void aDecisionIsReadBackWholeAndTheLatestReplacesTheEarlier(DecisionStore store) {
        String team = team();
        Decision allowed =
                new Decision(team, "sha-a", PDQ, 97, DecisionKind.ALLOWED, "UMOD", T0, team + "-review-1-allow-UMOD");
        store.record(allowed);
        assertThat(store.decision(team, "sha-a")).contains(allowed);

        Decision removed =
                new Decision(team, "sha-a", PDQ, 97, DecisionKind.REMOVAL_CONFIRMED, "UBOSS", T0.plusSeconds(60), "x");
        store.record(removed);
        assertThat(store.decision(team, "sha-a")).contains(removed);
        assertThat(store.decisionsWithPdq(team)).containsExactly(removed);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("adapters")
    void onlyDecisionsWithAPdqHashAreListedForNearMatching(DecisionStore store) {
        String team = team();
        store.record(new Decision(team, "sha-video", null, 0, DecisionKind.ALLOWED, "U1", T0, "e1"));
        Decision photo = new Decision(team, "sha-photo", PDQ, 80, DecisionKind.REMOVAL_CONFIRMED, "U1", T0, "e2");
        store.record(photo);
        store.cache(new CachedDetection(team, "sha-photo", "rekognition", "p@1", LABELS, "d", T0, T0.plusSeconds(9)));

        assertThat(store.decisionsWithPdq(team)).containsExactly(photo);
        assertThat(store.decision(team, "sha-video"))
                .hasValueSatisfying(d -> assertThat(d.pdq()).isNull());
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("adapters")
    void workspacesNeverSeeEachOthersEntries(DecisionStore store) {
        String one = team();
        String other = team();
        store.record(new Decision(one, "sha-a", PDQ, 90, DecisionKind.ALLOWED, "U1", T0, "e"));
        store.cache(new CachedDetection(one, "sha-a", "rekognition", "p@1", LABELS, "d", T0, T0.plusSeconds(99)));

        assertThat(store.decision(other, "sha-a")).isEmpty();
        assertThat(store.decisionsWithPdq(other)).isEmpty();
        assertThat(store.cached(other, "sha-a", "rekognition", "p@1", T0)).isEmpty();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("adapters")
    void cachedLabelsAreKeyedByDetectorAndPolicyAndExpire(DecisionStore store) {
        String team = team();
        CachedDetection entry = new CachedDetection(
                team, "sha-a", "rekognition", "p@1", LABELS, "DetectModerationLabels 7.0", T0, T0.plusSeconds(3600));
        store.cache(entry);

        assertThat(store.cached(team, "sha-a", "rekognition", "p@1", T0.plusSeconds(10)))
                .contains(entry);
        assertThat(store.cached(team, "sha-a", "local:mobilenet_v2", "p@1", T0)).isEmpty();
        assertThat(store.cached(team, "sha-a", "rekognition", "p@2", T0)).isEmpty();
        assertThat(store.cached(team, "sha-a", "rekognition", "p@1", T0.plusSeconds(3600)))
                .isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anUnreachableDynamoDbIsAStorageErrorTheWorkflowRetries() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient nowhere = DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .apiCallTimeout(java.time.Duration.ofSeconds(5)))
                .build()) {
            DynamoDbDecisionStore store = new DynamoDbDecisionStore(nowhere, "decisions");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.decision("T1", "sha-a"))
                    .isInstanceOf(dev.imagemoderation.core.errors.StorageUnavailableException.class)
                    .hasMessageStartingWith("the decision store is unreachable");
        }
    }

    @org.junit.jupiter.api.Test
    void aMissingTableIsNotRetried_itIsADeploymentError() {
        DynamoDbDecisionStore store = new DynamoDbDecisionStore(dynamo, "no-such-table");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.decision("T1", "sha-a"))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
    }
}
