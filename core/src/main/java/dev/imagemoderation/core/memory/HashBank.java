package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.hash.PdqHash;
import java.util.List;

/**
 * A list of PDQ hashes from outside (a hash-sharing programme, an operator's own list): any image that
 * matches one is removed, and the report names the bank.
 *
 * @param badLines lines that were not loaded, with their numbers and why; the good lines load regardless
 */
public record HashBank(String name, List<Entry> entries, List<BadLine> badLines) {

    public HashBank {
        entries = List.copyOf(entries);
        badLines = List.copyOf(badLines);
    }

    /** One hash of the bank, the line it came from and its label, if it had one. */
    public record Entry(PdqHash hash, String label, int line) {}

    /** A line that did not load. */
    public record BadLine(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }
}
