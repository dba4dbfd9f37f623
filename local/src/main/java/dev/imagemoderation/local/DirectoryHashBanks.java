package dev.imagemoderation.local;

import dev.imagemoderation.core.memory.HashBank;
import dev.imagemoderation.core.memory.HashBankParser;
import dev.imagemoderation.core.memory.HashBanks;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's hash banks: each {@code NAME.csv} in the banks directory ({@code ./run-local.sh bank load NAME
 * FILE} puts it there). A file is parsed again only when it changed, and its bad lines are logged then.
 */
final class DirectoryHashBanks implements HashBanks {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryHashBanks.class);
    private static final String SUFFIX = ".csv";

    private final Path dir;
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(FileTime modified, HashBank bank) {}

    DirectoryHashBanks(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks {@code csv} and copies it in as bank {@code name}, replacing a bank of that name.
     *
     * @return the bank as it loaded: its hashes and its bad lines
     */
    static HashBank load(Path dir, String name, Path csv) throws IOException {
        HashBank bank;
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            bank = HashBankParser.parse(name, in);
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(name + SUFFIX);
        Path partial = dir.resolve(name + SUFFIX + ".partial");
        Files.copy(csv, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Recall never reads half a bank: the new file replaces the old one whole.
        Files.move(
                partial,
                target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return bank;
    }

    @Override
    public List<HashBank> banks() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<HashBank> banks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                if (!HashBankParser.validName(name)) {
                    continue;
                }
                FileTime modified = Files.getLastModifiedTime(file);
                Parsed p = parsed.get(file);
                if (p == null || !p.modified().equals(modified)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        p = new Parsed(modified, HashBankParser.parse(name, in));
                    }
                    parsed.put(file, p);
                    HashBank bank = p.bank();
                    bank.badLines().forEach(bad -> LOG.warn("hash bank {}: {}", name, bad));
                    LOG.info(
                            "hash bank {}: {} hashes, {} bad lines",
                            name,
                            bank.entries().size(),
                            bank.badLines().size());
                }
                banks.add(p.bank());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the hash banks in " + dir, e);
        }
        return banks;
    }
}
