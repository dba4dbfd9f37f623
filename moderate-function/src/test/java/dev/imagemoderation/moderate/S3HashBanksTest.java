package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.memory.HashBank;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.testkit.logging.LogCapture;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Hash banks on AWS: CSV objects in S3 (S3Proxy here), named by the {@code hashBanks} context value. */
class S3HashBanksTest {

    static final String A = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";

    @Test
    void banksLoadTheirGoodLines_logTheBadOnesByNumber_andAMissingObjectLeavesTheOthers() {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client();
                LogCapture logs = LogCapture.start()) {
            s3.createBucket("banks");
            client.putObject(
                    b -> b.bucket("banks").key("pdq/partner.csv"),
                    RequestBody.fromString("hash,quality\n" + A + ",90\nnot-a-hash\n" + A + ",10\n"));
            S3HashBanks banks = new S3HashBanks(
                    client,
                    S3HashBanks.parse(
                            Set.of("partner=s3://banks/pdq/partner.csv", "gone=s3://banks/pdq/never-uploaded.csv")));

            List<HashBank> loaded = banks.banks();

            assertThat(loaded).singleElement().satisfies(b -> {
                assertThat(b.name()).isEqualTo("partner");
                assertThat(b.entries())
                        .singleElement()
                        .satisfies(e -> assertThat(e.hash().hex()).isEqualTo(A));
            });
            assertThat(String.join(
                            "\n",
                            logs.events().stream()
                                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                                    .toList()))
                    .contains("hash bank partner (s3://banks/pdq/partner.csv): line 3: a PDQ hash is 64 hex digits")
                    .contains("line 4: the quality 10 is under 50")
                    .contains("hash bank gone: s3://banks/pdq/never-uploaded.csv does not exist");
        }
    }

    @Test
    void aBankThatCannotBeReadKeepsItsLastGoodCopy() {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client()) {
            s3.createBucket("banks");
            client.putObject(b -> b.bucket("banks").key("own.csv"), RequestBody.fromString(A + "\n"));
            S3HashBanks banks = new S3HashBanks(client, Map.of("own", URI.create("s3://banks/own.csv")));
            assertThat(banks.banks())
                    .singleElement()
                    .satisfies(b -> assertThat(b.entries()).hasSize(1));

            s3.close(); // S3 goes away: the read fails
            assertThat(banks.banks())
                    .singleElement()
                    .satisfies(b -> assertThat(b.entries()).hasSize(1));
        }
    }

    @Test
    void anUnchangedBankIsNotDownloadedAgain_aChangedOneIs() {
        try (EmbeddedS3 s3 = EmbeddedS3.start();
                var client = s3.client();
                LogCapture logs = LogCapture.start()) {
            s3.createBucket("banks");
            client.putObject(b -> b.bucket("banks").key("own.csv"), RequestBody.fromString(A + "\n"));
            S3HashBanks banks = new S3HashBanks(client, Map.of("own", URI.create("s3://banks/own.csv")));

            banks.banks();
            assertThat(banks.banks())
                    .singleElement()
                    .satisfies(b -> assertThat(b.entries()).hasSize(1));
            long loads = logs.events().stream()
                    .filter(e -> e.getFormattedMessage().startsWith("hash bank own loaded"))
                    .count();
            assertThat(loads).as("parsed once while the object is unchanged").isEqualTo(1);

            client.putObject(b -> b.bucket("banks").key("own.csv"), RequestBody.fromString(A + "\n" + A + ",80\n"));
            assertThat(banks.banks())
                    .singleElement()
                    .satisfies(b -> assertThat(b.entries()).hasSize(2));
        }
    }

    @Test
    void aBankIsNamedAndAddressedAsTheContextValueSays() {
        assertThat(S3HashBanks.parse(Set.of("partner=s3://b/k/x.csv")))
                .containsEntry("partner", URI.create("s3://b/k/x.csv"));
        assertThatThrownBy(() -> S3HashBanks.parse(Set.of("partner=https://example.org/x.csv")))
                .hasMessageContaining("name=s3://bucket/key");
        assertThatThrownBy(() -> S3HashBanks.parse(Set.of("../x=s3://b/k")))
                .hasMessageContaining("name=s3://bucket/key");
    }
}
