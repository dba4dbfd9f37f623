package dev.imagemoderation.core.hash;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A PDQ hash: 256 bits and the quality (0–100) of the image they came from. Bit {@code k} of the hash is
 * bit {@code k} of the 256-bit number whose 64-digit hex form Meta's tools print, so hashes read and written
 * here are exchangeable with ThreatExchange and hash-sharing programmes.
 */
public final class PdqHash {

    /** Meta's published defaults: a match is within this Hamming distance ... */
    public static final int MATCH_DISTANCE = 31;

    /** ... between two hashes whose quality is at least this; flatter images hash too alike to trust. */
    public static final int MIN_QUALITY = 50;

    private static final int HEX_LENGTH = 64;

    private final long[] words;
    private final int quality;

    private PdqHash(long[] words, int quality) {
        this.words = words;
        this.quality = quality;
    }

    /** The 256 bits as four longs, bit {@code k} in {@code bits[k >> 6]} at position {@code k & 63}. */
    public static PdqHash of(long[] bits, int quality) {
        if (bits.length != 4) {
            throw new IllegalArgumentException("a PDQ hash has 256 bits, four longs; got " + bits.length);
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("PDQ quality is 0 to 100; got " + quality);
        }
        return new PdqHash(bits.clone(), quality);
    }

    /**
     * Reads the 64-hex-digit form.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static PdqHash fromHex(String hex, int quality) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("a PDQ hash is 64 hex digits; got " + hex.length() + " characters");
        }
        long[] bits = new long[4];
        for (int q = 0; q < 4; q++) {
            String part = hex.substring((3 - q) * 16, (4 - q) * 16);
            if (!part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("a PDQ hash has only hex digits 0-9 and a-f");
            }
            bits[q] = Long.parseUnsignedLong(part, 16);
        }
        return of(bits, quality);
    }

    public String hex() {
        HexFormat hex = HexFormat.of();
        StringBuilder out = new StringBuilder(HEX_LENGTH);
        for (int q = 3; q >= 0; q--) {
            out.append(hex.toHexDigits(words[q]));
        }
        return out.toString();
    }

    public int quality() {
        return quality;
    }

    /** Whether this hash may be matched at all: {@link #MIN_QUALITY} or more. */
    public boolean usable() {
        return quality >= MIN_QUALITY;
    }

    public int distance(PdqHash other) {
        return distance(words, other.words);
    }

    /** Hamming distance of two 256-bit values held as four longs each (the index's inner loop). */
    public static int distance(long[] a, long[] b) {
        return Long.bitCount(a[0] ^ b[0])
                + Long.bitCount(a[1] ^ b[1])
                + Long.bitCount(a[2] ^ b[2])
                + Long.bitCount(a[3] ^ b[3]);
    }

    /** The bits as four longs (a copy). */
    public long[] bits() {
        return words.clone();
    }

    /** Sixteen-bit word {@code w} (0–15): the bands of a multi-index hash. */
    public int word16(int w) {
        return (int) (words[w >> 2] >>> ((w & 3) * 16)) & 0xFFFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdqHash other && quality == other.quality && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + quality;
    }

    @Override
    public String toString() {
        return hex() + " q" + quality;
    }
}
