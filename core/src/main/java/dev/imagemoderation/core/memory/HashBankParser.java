package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.hash.PdqHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a hash bank in the forms ThreatExchange's tools write: {@code hash,quality,label...} or a hash per
 * line. Blank lines, {@code #} comments and a header line are skipped; a line without a quality is trusted as
 * 100. A line that is not a hash, or whose quality is under {@link PdqHash#MIN_QUALITY} (it would never
 * match), is reported with its number and the others load.
 */
public final class HashBankParser {

    private static final Pattern BANK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_LINE = 4_096;
    private static final int MAX_LABEL = 200;

    private HashBankParser() {}

    /** Whether {@code name} can name a bank: letters, digits, {@code _ . -}, at most 64. */
    public static boolean validName(String name) {
        return name != null && BANK_NAME.matcher(name).matches();
    }

    public static HashBank parse(String name, Reader csv) {
        if (!validName(name)) {
            throw new IllegalArgumentException(
                    "a bank's name is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        List<HashBank.Entry> entries = new ArrayList<>();
        List<HashBank.BadLine> bad = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(csv)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.strip();
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isEmpty() || text.startsWith("#") || (number == 1 && isHeader(text))) {
                    continue;
                }
                if (text.length() > MAX_LINE) {
                    bad.add(new HashBank.BadLine(number, "the line is over " + MAX_LINE + " characters"));
                    continue;
                }
                parseLine(text, number, entries, bad);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read bank " + name, e);
        }
        return new HashBank(name, entries, bad);
    }

    private static boolean isHeader(String text) {
        return text.toLowerCase(Locale.ROOT).startsWith("hash");
    }

    private static void parseLine(String text, int number, List<HashBank.Entry> entries, List<HashBank.BadLine> bad) {
        String[] fields = text.split(",", 3);
        String hex = fields[0].strip().toLowerCase(Locale.ROOT);
        int quality = 100;
        if (fields.length > 1 && !fields[1].isBlank()) {
            try {
                quality = Integer.parseInt(fields[1].strip());
            } catch (NumberFormatException e) {
                bad.add(new HashBank.BadLine(number, "the quality is not a whole number"));
                return;
            }
            if (quality < 0 || quality > 100) {
                bad.add(new HashBank.BadLine(number, "the quality " + quality + " is not between 0 and 100"));
                return;
            }
        }
        if (quality < PdqHash.MIN_QUALITY) {
            bad.add(new HashBank.BadLine(
                    number,
                    "the quality " + quality + " is under " + PdqHash.MIN_QUALITY + ": the hash would never match"));
            return;
        }
        PdqHash hash;
        try {
            hash = PdqHash.fromHex(hex, quality);
        } catch (IllegalArgumentException e) {
            bad.add(new HashBank.BadLine(number, e.getMessage()));
            return;
        }
        String label = fields.length > 2 ? fields[2].strip() : null;
        if (label != null && (label.isEmpty())) {
            label = null;
        }
        if (label != null && label.length() > MAX_LABEL) {
            label = label.substring(0, MAX_LABEL);
        }
        entries.add(new HashBank.Entry(hash, label, number));
    }
}
