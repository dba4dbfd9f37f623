package dev.imagemoderation.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.hash.PdqHasher.Dihedral;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Meta's test vectors ({@code facebook/ThreatExchange}, {@code pdq/}): one photo in eight orientations, with
 * the hashes the reference hasher gives. Java's JPEG decoder and float summation order differ from the
 * reference's, so a few bits may differ; {@link #TOLERANCE} is what we measured, with a margin.
 */
class PdqHasherTest {

    /**
     * Measured with ImageIO's decoder: 2 to 8 bits from the reference on each file, and 0 to 8 bits between a
     * hash derived from the original and the turned file's own. Ten leaves a little room for a decoder change and
     * stays far inside the match distance of 31.
     */
    static final int TOLERANCE = 10;

    static final Map<Dihedral, String> FILES = new LinkedHashMap<>();
    static final Map<Dihedral, String> REFERENCE = new LinkedHashMap<>();

    static {
        vector(
                Dihedral.ORIGINAL,
                "bridge-1-original.jpg",
                "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22");
        vector(
                Dihedral.ROTATE_90,
                "bridge-2-rotate-90.jpg",
                "b0a10efd71cc3f429413d48d0ffffe12e34e0e17ada952a9d29684210aa9e5af");
        vector(
                Dihedral.ROTATE_180,
                "bridge-3-rotate-180.jpg",
                "adad5a64b5a142e55362a09057dacd5ae63b847fc23794b766b319361fc93188");
        vector(
                Dihedral.ROTATE_270,
                "bridge-4-rotate-270.jpg",
                "a5f4a457a48995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b0bfc4f05");
        vector(
                Dihedral.FLIP_X,
                "bridge-5-flipx.jpg",
                "f8f80f31e0f417b00e37f5cd028f980fb36ed02a9662c1e233e6cc634e9c64dd");
        vector(
                Dihedral.FLIP_Y,
                "bridge-6-flipy.jpg",
                "8dad2599b1a1bd1853625f6553da32a1e63b7280c2374b4866b366c91bc9ce77");
        vector(
                Dihedral.FLIP_PLUS_1,
                "bridge-7-flip-plus-1.jpg",
                "f0a1f102f1dcc0bd9c5309720fff018de34ef1e8ada9a956d2967ade0ea91a50");
        vector(
                Dihedral.FLIP_MINUS_1,
                "bridge-8-flip-minus-1.jpg",
                "a5f05ba8a4896a17c106a3da5aaaab07b61b5b42f8fc07fc83c3d0740bfcb0fa");
    }

    private static void vector(Dihedral d, String file, String hex) {
        FILES.put(d, file);
        REFERENCE.put(d, hex);
    }

    @ParameterizedTest
    @EnumSource(Dihedral.class)
    void eachVectorHashesWithinToleranceOfTheReference(Dihedral orientation) {
        PdqHash hash = new PdqHasher().hash(read(FILES.get(orientation)));

        PdqHash reference = PdqHash.fromHex(REFERENCE.get(orientation), 100);
        System.out.printf(
                "PDQ %s: distance %d to the reference, quality %d%n",
                FILES.get(orientation), hash.distance(reference), hash.quality());
        assertThat(hash.distance(reference)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(hash.quality()).isGreaterThanOrEqualTo(PdqHash.MIN_QUALITY);
    }

    @ParameterizedTest
    @EnumSource(Dihedral.class)
    void theDihedralHashesOfTheOriginalMatchTheTurnedFiles(Dihedral orientation) {
        Map<Dihedral, PdqHash> derived = new PdqHasher().dihedral(read(FILES.get(Dihedral.ORIGINAL)));
        PdqHash ofFile = new PdqHasher().hash(read(FILES.get(orientation)));

        System.out.printf(
                "PDQ %s derived from the original: distance %d to the file's hash, %d to the reference%n",
                orientation,
                derived.get(orientation).distance(ofFile),
                derived.get(orientation).distance(PdqHash.fromHex(REFERENCE.get(orientation), 100)));
        assertThat(derived.get(orientation).distance(ofFile)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(derived.get(orientation).distance(PdqHash.fromHex(REFERENCE.get(orientation), 100)))
                .isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void theRowWiseColumnPass_isBitForBitTheReferencesColumnByColumnPass() {
        java.util.Random random = new java.util.Random(3);
        for (int[] size : new int[][] {{1, 1}, {2, 7}, {129, 64}, {300, 257}, {1000, 3}}) {
            int rows = size[0];
            int cols = size[1];
            float[] in = new float[rows * cols];
            for (int i = 0; i < in.length; i++) {
                in[i] = random.nextFloat() * 255;
            }
            float[] expected = new float[in.length];
            float[] actual = new float[in.length];
            int window = PdqHasher.windowSize(rows);
            for (int c = 0; c < cols; c++) {
                PdqHasher.box(in, expected, c, rows, cols, window);
            }
            PdqHasher.boxColumns(in, actual, rows, cols, window, new float[cols]);
            assertThat(actual).as("%d x %d", rows, cols).containsExactly(expected);
        }
    }

    @Test
    void aDecodedJpegAndTheSamePixelsInAnotherLayoutHashAlike() {
        BufferedImage decoded = read(FILES.get(Dihedral.ORIGINAL));
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage ints = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        ints.getGraphics().drawImage(decoded, 0, 0, null);

        assertThat(new PdqHasher().hash(ints)).isEqualTo(new PdqHasher().hash(decoded));
    }

    @Test
    void theDerivedOriginalIsTheHashItself() {
        BufferedImage photo = read(FILES.get(Dihedral.ORIGINAL));
        assertThat(new PdqHasher().dihedral(photo).get(Dihedral.ORIGINAL)).isEqualTo(new PdqHasher().hash(photo));
    }

    @Test
    void aFlatImageHasLowQualityAndSoIsNeverUsable() {
        BufferedImage flat = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(new Color(120, 130, 140));
        g.fillRect(0, 0, 400, 300);
        g.dispose();

        PdqHash hash = new PdqHasher().hash(flat);

        assertThat(hash.quality()).isLessThan(PdqHash.MIN_QUALITY);
        assertThat(hash.usable()).isFalse();
    }

    @Test
    void oneHasherHashesImagesOfDifferentSizesInTurn() {
        PdqHasher hasher = new PdqHasher();
        BufferedImage photo = read(FILES.get(Dihedral.ORIGINAL));
        PdqHash first = hasher.hash(photo);
        hasher.hash(read(FILES.get(Dihedral.ROTATE_90)));
        BufferedImage tiny = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        hasher.hash(tiny);

        assertThat(hasher.hash(photo)).isEqualTo(first);
    }

    @Test
    void theHexFormRoundTripsAndPrintsWordFifteenFirst() {
        PdqHash hash = PdqHash.fromHex(REFERENCE.get(Dihedral.ORIGINAL), 88);

        assertThat(hash.hex()).isEqualTo(REFERENCE.get(Dihedral.ORIGINAL));
        assertThat(hash.word16(15)).isEqualTo(0xf8f8);
        assertThat(hash.word16(0)).isEqualTo(0x9b22);
        long[] bits = new long[4];
        bits[0] = 1;
        assertThat(PdqHash.of(bits, 50).hex()).endsWith("0001").startsWith("0000");
    }

    static BufferedImage read(String name) {
        try (InputStream in = PdqHasherTest.class.getResourceAsStream("/pdq/" + name)) {
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
