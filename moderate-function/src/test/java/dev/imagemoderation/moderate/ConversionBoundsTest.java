package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.workflow.FetchReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Hardening issue, item 2: every conversion stays within Rekognition's limits, and no frame is decoded unchecked. */
class ConversionBoundsTest {

    private final ImagePreparer preparer = new ImagePreparer();

    @Test
    void aLargeOneBitBmp_ofNoise_convertsToAJpegWithinFifteenMegabytes() throws Exception {
        BufferedImage bits = new BufferedImage(7000, 7000, BufferedImage.TYPE_BYTE_BINARY);
        Random random = new Random(7);
        int[] row = new int[7000];
        for (int y = 0; y < 7000; y++) {
            for (int x = 0; x < 7000; x++) {
                row[x] = random.nextBoolean() ? 0xFFFFFF : 0;
            }
            bits.setRGB(0, y, 7000, 1, row, 0, 7000);
        }
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(bits, "bmp", bmp);
        assertThat(bmp.size()).as("the BMP itself passes the download limits").isLessThan(7_000_000);

        PreparedImage prepared = preparer.prepare(bmp.toByteArray(), ImageFormat.BMP);

        byte[] jpeg = prepared.analysed().getFirst();
        assertThat((long) jpeg.length).isLessThanOrEqualTo(ImageLimits.MAX_DETECTOR_BYTES);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(Math.max(decoded.getWidth(), decoded.getHeight()))
                .isLessThanOrEqualTo(ImageLimits.MAX_ANALYSED_SIDE);
        assertThat(prepared.width()).isEqualTo(decoded.getWidth());
    }

    @Test
    void aThinImage_isPaddedToTheMinimum_notStretchedTo64000Pixels() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 800, BufferedImage.TYPE_INT_RGB), "png", png);

        PreparedImage prepared = preparer.prepare(png.toByteArray(), ImageFormat.PNG);

        BufferedImage decoded =
                ImageIO.read(new ByteArrayInputStream(prepared.analysed().getFirst()));
        assertThat(decoded.getWidth()).isGreaterThanOrEqualTo(ImageLimits.MIN_SIDE);
        assertThat(decoded.getHeight()).isLessThanOrEqualTo(ImageLimits.MAX_ANALYSED_SIDE);
    }

    @Test
    void aTinyGif_whoseSecondFrameDeclares46000Squared_isRefusedBeforeThatFrameIsDecoded() {
        byte[] gif = twoFrameGif(46_000);
        assertThat(gif.length).isLessThan(60);

        assertThatThrownBy(() -> preparer.prepare(gif, ImageFormat.GIF))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FetchReason.ImageTooLarge);
                    assertThat(e.getMessage()).contains("frame 1").contains("46000");
                });
    }

    /** GIF89a, a 1 × 1 screen, one 1 × 1 frame, then a frame that declares {@code side} × {@code side}. */
    private static byte[] twoFrameGif(int side) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes());
        out.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0}); // screen 1 × 1, a 2-colour global table
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        byte[] pixel = {2, 2, 0x44, 0x01, 0}; // LZW minimum code size 2: clear, index 0, end
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});
        out.writeBytes(pixel);
        byte lo = (byte) (side & 0xFF);
        byte hi = (byte) ((side >> 8) & 0xFF);
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, lo, hi, lo, hi, 0});
        out.writeBytes(pixel);
        out.write(0x3B);
        return out.toByteArray();
    }
}
