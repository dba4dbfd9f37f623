package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.ConfigurationException;
import dev.imagemoderation.core.memory.HashBank;
import dev.imagemoderation.core.memory.HashBankParser;
import dev.imagemoderation.core.memory.HashBanks;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Hash banks on AWS: CSV objects named by the {@code hashBanks} context value ({@code name=s3://bucket/key}).
 * {@link dev.imagemoderation.core.memory.DecisionMemory} calls this again after its index TTL, so an updated
 * object is picked up without a deployment. Bad lines are logged with their numbers; a missing object is
 * logged and the other banks still load; a bank that cannot be read now keeps its last good copy, and an
 * unchanged object (same ETag) is not downloaded again.
 */
final class S3HashBanks implements HashBanks {

    private static final Logger LOG = LoggerFactory.getLogger(S3HashBanks.class);

    private final S3Client s3;
    private final Map<String, URI> objects;
    private final Map<String, Loaded> lastGood = new java.util.concurrent.ConcurrentHashMap<>();

    /** A bank as last read, and the object's ETag then: an unchanged object is not downloaded again. */
    private record Loaded(HashBank bank, String eTag) {}

    S3HashBanks(S3Client s3, Map<String, URI> objects) {
        this.s3 = s3;
        this.objects = Map.copyOf(objects);
    }

    /** Reads {@code name=s3://bucket/key} entries. */
    static Map<String, URI> parse(Set<String> entries) {
        Map<String, URI> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            URI uri = eq < 0 ? null : URI.create(entry.substring(eq + 1).strip());
            if (!HashBankParser.validName(name)
                    || uri == null
                    || !"s3".equals(uri.getScheme())
                    || uri.getHost() == null
                    || uri.getPath().length() < 2) {
                throw new ConfigurationException("HASH_BANKS entries are name=s3://bucket/key; got '" + entry + "'");
            }
            out.put(name, uri);
        }
        return out;
    }

    @Override
    public List<HashBank> banks() {
        List<HashBank> banks = new ArrayList<>();
        objects.forEach((name, uri) -> {
            String bucket = uri.getHost();
            String key = uri.getPath().substring(1);
            Loaded known = lastGood.get(name);
            try (ResponseInputStream<GetObjectResponse> in =
                    s3.getObject(b -> b.bucket(bucket).key(key).ifNoneMatch(known == null ? null : known.eTag()))) {
                HashBank bank = HashBankParser.parse(name, new InputStreamReader(in, StandardCharsets.UTF_8));
                bank.badLines().forEach(bad -> LOG.warn("hash bank {} ({}): {}", name, uri, bad));
                LOG.info(
                        "hash bank {} loaded: {} hashes, {} bad lines",
                        name,
                        bank.entries().size(),
                        bank.badLines().size());
                lastGood.put(name, new Loaded(bank, in.response().eTag()));
                banks.add(bank);
            } catch (NoSuchKeyException e) {
                LOG.error("hash bank {}: {} does not exist; it matches nothing until it does", name, uri);
                lastGood.remove(name);
            } catch (S3Exception e) {
                if (e.statusCode() == 304 && known != null) {
                    banks.add(known.bank()); // unchanged since the last read
                } else {
                    keepLastGood(banks, name, uri, known, e);
                }
            } catch (IOException | RuntimeException e) {
                keepLastGood(banks, name, uri, known, e);
            }
        });
        return banks;
    }

    private static void keepLastGood(List<HashBank> banks, String name, URI uri, Loaded known, Exception e) {
        LOG.error(
                "hash bank {}: {} could not be read ({}); {}",
                name,
                uri,
                e.toString(),
                known == null ? "it matches nothing until it can" : "its last good copy still matches");
        if (known != null) {
            banks.add(known.bank());
        }
    }
}
