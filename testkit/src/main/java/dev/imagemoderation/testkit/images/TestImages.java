package dev.imagemoderation.testkit.images;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image fixtures made by code, so no binary of unknown origin is committed: ordinary
 * images, awkward ones (CMYK, 16-bit, grey with alpha, tiny, animated) and hostile
 * ones (truncated, lying about their type, headers claiming huge sizes).
 */
public final class TestImages {

    private TestImages() {}

    /** A colourful gradient, so encoders and detectors see structure, not a flat fill. */
    public static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(220, 120, 60), w, h, new Color(40, 90, 200)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(250, 220, 180));
        g.fillOval(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
        g.dispose();
        return img;
    }

    public static byte[] jpeg(int w, int h) {
        return encode(picture(w, h), "jpeg");
    }

    public static byte[] png(int w, int h) {
        return encode(picture(w, h), "png");
    }

    public static byte[] bmp(int w, int h) {
        return encode(picture(w, h), "bmp");
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG cut off half-way: no end-of-image marker. */
    public static byte[] truncatedJpeg(int w, int h) {
        byte[] full = jpeg(w, h);
        return Arrays.copyOf(full, full.length / 2);
    }

    /**
     * A valid-looking PNG whose header claims {@code w} × {@code h} pixels while the file is
     * tiny: a decompression bomb's calling card. Decoding it would try to allocate w × h × 3 bytes.
     */
    public static byte[] pngClaiming(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        // zlib stream of a single empty stored block: valid, and far too short for the claimed pixels
        chunk(out, "IDAT", new byte[] {0x78, 0x01, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A CMYK JPEG as print workflows make them (4 channels, no Adobe marker: plain CMYK). */
    public static byte[] cmykJpeg(int w, int h, int c, int m, int y, int k) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] px = {c, m, y, k};
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                raster.setPixel(xx, yy, px);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A 16-bit-per-channel RGB PNG. */
    public static byte[] png16(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16},
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {x * 65535 / Math.max(1, w - 1), 30000, y * 65535 / Math.max(1, h - 1)
                });
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "png");
    }

    /** A grey PNG with alpha: left half opaque black, right half fully transparent. */
    public static byte[] grayAlphaPng(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {8, 8},
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, x < w / 2 ? new int[] {0, 255} : new int[] {0, 0});
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "png");
    }

    /** An animated GIF of {@code frames} full-size frames, each a different flat colour. */
    public static byte[] animatedGif(int w, int h, int frames) {
        return animatedGif(w, h, frames, i -> {
            BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.setColor(Color.getHSBColor(i / (float) frames, 0.8f, 0.9f));
            g.fillRect(0, 0, w, h);
            g.dispose();
            return frame;
        });
    }

    /** An animated GIF of {@code frames} full-screen frames drawn by {@code draw}, each shown 0.1 s. */
    public static byte[] animatedGif(int w, int h, int frames, java.util.function.IntFunction<BufferedImage> draw) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = draw.apply(i);
                ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
                IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "10");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The first bytes of a WebP (RIFF....WEBPVP8 ): enough for sniffing, not decodable here. */
    public static byte[] webpHeader() {
        byte[] b = new byte[64];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
        return b;
    }

    /** A ZIP archive's first bytes. */
    public static byte[] zip() {
        byte[] b = new byte[128];
        b[0] = 'P';
        b[1] = 'K';
        b[2] = 3;
        b[3] = 4;
        return b;
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
