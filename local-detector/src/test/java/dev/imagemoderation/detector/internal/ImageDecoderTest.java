package dev.imagemoderation.detector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Where the detector deliberately does better than nsfwjs's naive pixel handling. */
class ImageDecoderTest {

    @Test
    void exifOrientation6_isApplied_soTheImageIsUpright() throws Exception {
        BufferedImage wide = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        var g = wide.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 60, 80); // left half red
        g.dispose();
        byte[] jpeg = withExifOrientation(TestImages.encode(wide, "jpeg"), 6);

        BufferedImage decoded = ImageDecoder.decode(jpeg);

        // Orientation 6: the camera was turned; the upright image is 80 wide and 120 tall, red on top.
        assertThat(decoded.getWidth()).isEqualTo(80);
        assertThat(decoded.getHeight()).isEqualTo(120);
        assertThat(new Color(decoded.getRGB(40, 20)).getRed()).isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(40, 100)).getRed()).isLessThan(60);
    }

    @Test
    void transparencyOnWhite_greyExpanded_sixteenBitAndCmykConverted() throws Exception {
        BufferedImage alpha = ImageDecoder.decode(TestImages.grayAlphaPng(100, 100));
        BufferedImage cmyk = ImageDecoder.decode(TestImages.cmykJpeg(100, 100, 0, 255, 255, 0));
        BufferedImage png16 = ImageDecoder.decode(TestImages.png16(100, 100));

        assertThat(alpha.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(new Color(alpha.getRGB(90, 50))).isEqualTo(Color.WHITE);
        assertThat(new Color(alpha.getRGB(10, 50))).isEqualTo(Color.BLACK);
        assertThat(new Color(cmyk.getRGB(50, 50)).getRed()).isGreaterThan(200);
        assertThat(new Color(cmyk.getRGB(50, 50)).getGreen()).isLessThan(60);
        assertThat(png16.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void notAnImage_isUndecodable() {
        assertThatThrownBy(() -> ImageDecoder.decode(TestImages.zip()))
                .isInstanceOf(ImageDecoder.UndecodableException.class);
    }

    @Test
    void resize_alignsCorners_likeTensorFlow() {
        float[] src = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3}; // 2 x 2, one value per pixel repeated in RGB
        float[] out = ReferenceResize.resize(src, 2, 2, 3);

        // Corners are the source corners; the centre is their mean.
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[(2 * 3 + 2) * 3]).isEqualTo(3f);
        assertThat(out[(1 * 3 + 1) * 3]).isEqualTo(1.5f);
    }

    @Test
    void theFastPackedResize_givesExactlyTheFloatsOfTheReferenceResize() {
        java.util.Random random = new java.util.Random(7);
        for (int[] wh : new int[][] {{480, 360}, {101, 299}, {224, 50}, {3000, 2000}}) {
            int w = wh[0];
            int h = wh[1];
            int[] argb = new int[w * h];
            for (int i = 0; i < argb.length; i++) {
                argb[i] = random.nextInt() | 0xFF000000;
            }
            for (int size : new int[] {224, 299}) {
                float[] reference = ReferenceResize.resize(
                        (x, y, c) -> ((argb[y * w + x] >> (16 - 8 * c)) & 0xFF) / 255f, w, h, size);
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        reference, Preprocessor.resizePacked(argb, w, h, size), w + "x" + h + " to " + size);
            }
        }
    }

    /** Inserts an APP1 Exif segment with one IFD entry (orientation) after SOI. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42})
                .putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0);
        byte[] exif = tiff.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + exif.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
