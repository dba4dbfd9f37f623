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
import java.util.List;
import java.util.Map;
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

    /**
     * An H.264 video in MP4, {@code frames} frames at {@code fps} drawn by {@code draw}, encoded
     * by JCodec (a keyframe every 25 frames).
     */
    public static byte[] mp4(int frames, int fps, java.util.function.IntFunction<BufferedImage> draw) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("test-video", ".mp4");
            try {
                org.jcodec.api.awt.AWTSequenceEncoder encoder =
                        org.jcodec.api.awt.AWTSequenceEncoder.createSequenceEncoder(file.toFile(), fps);
                for (int i = 0; i < frames; i++) {
                    BufferedImage rgb = draw.apply(i);
                    BufferedImage bgr =
                            new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = bgr.createGraphics();
                    g.drawImage(rgb, 0, 0, null);
                    g.dispose();
                    encoder.encodeImage(bgr);
                }
                encoder.finish();
                return java.nio.file.Files.readAllBytes(file);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A lossless WebP of one colour, encoded by hand (there is no WebP encoder on the JDK or on
     * this machine): a VP8L bitstream with no transforms, no colour cache and five one-symbol
     * prefix codes, so every pixel costs no bits at all.
     */
    public static byte[] webp(int w, int h, Color color) {
        return riff(chunk("VP8L", vp8l(w, h, color)));
    }

    /** A frame of an {@link #animatedWebp}: a rectangle of one colour at an even offset. */
    public record WebpFrame(
            int x, int y, int width, int height, Color color, boolean blend, boolean disposeToBackground) {}

    /** An animated WebP (VP8X, ANIM, one ANMF per frame), each frame {@link #webp}'s kind of VP8L. */
    public static byte[] animatedWebp(int w, int h, List<WebpFrame> frames) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x02); // animation
        vp8x.put(new byte[3]);
        put24(vp8x, w - 1);
        put24(vp8x, h - 1);
        body.writeBytes(chunk("VP8X", vp8x.array()));
        body.writeBytes(chunk("ANIM", new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0}));
        for (WebpFrame f : frames) {
            byte[] image = chunk("VP8L", vp8l(f.width(), f.height(), f.color()));
            ByteBuffer anmf = ByteBuffer.allocate(16 + image.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            put24(anmf, f.x() / 2);
            put24(anmf, f.y() / 2);
            put24(anmf, f.width() - 1);
            put24(anmf, f.height() - 1);
            put24(anmf, 100);
            anmf.put((byte) ((f.blend() ? 0 : 2) | (f.disposeToBackground() ? 1 : 0)));
            anmf.put(image);
            body.writeBytes(chunk("ANMF", anmf.array()));
        }
        return riff(body.toByteArray());
    }

    private static byte[] vp8l(int w, int h, Color color) {
        Bits bits = new Bits();
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1); // alpha is not used
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        for (int symbol : new int[] {color.getGreen(), color.getRed(), color.getBlue(), 255, 0}) {
            bits.write(1, 1); // simple code
            bits.write(0, 1); // one symbol
            bits.write(1, 1); // eight bits
            bits.write(symbol, 8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x2f);
        out.writeBytes(bits.bytes());
        return out.toByteArray();
    }

    /** Bits packed least significant first, as VP8L reads them. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] bytes() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] riff(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
        b.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    /** One colour, edge to edge. */
    public static BufferedImage solid(int w, int h, Color color) {
        BufferedImage f = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = f.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return f;
    }

    /**
     * Frame {@code i} of a calm animation: a small square drifting a pixel a frame over a pale
     * background, each frame a little different from the one before.
     */
    public static BufferedImage drift(int w, int h, int i) {
        BufferedImage f = solid(w, h, new Color(200, 210, 220));
        Graphics2D g = f.createGraphics();
        g.setColor(new Color(60, 90, 160));
        g.fillRect(10 + (i % Math.max(1, w - 30)), h / 2 - 6, 12, 12);
        g.dispose();
        return f;
    }

    /** One frame of an {@link #apng}: its pixels, where they go, and its dispose and blend operations. */
    public record ApngFrame(BufferedImage image, int x, int y, int dispose, int blend) {
        public static final int DISPOSE_NONE = 0;
        public static final int DISPOSE_BACKGROUND = 1;
        public static final int DISPOSE_PREVIOUS = 2;
        public static final int BLEND_SOURCE = 0;
        public static final int BLEND_OVER = 1;

        /** A full-canvas frame that replaces what was there. */
        public static ApngFrame full(BufferedImage image) {
            return new ApngFrame(image, 0, 0, DISPOSE_NONE, BLEND_SOURCE);
        }
    }

    /**
     * An animated PNG as the APNG specification lays it out: the first frame is the default
     * image ({@code fcTL} then {@code IDAT}), the others {@code fcTL} then {@code fdAT}. Every
     * frame must have the first one's colour type.
     */
    public static byte[] apng(int w, int h, List<ApngFrame> frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            int sequence = 0;
            for (int i = 0; i < frames.size(); i++) {
                ApngFrame f = frames.get(i);
                Map<String, byte[]> chunks = pngChunks(f.image());
                if (i == 0) {
                    byte[] ihdr = chunks.get("IHDR").clone();
                    ByteBuffer.wrap(ihdr).putInt(0, w).putInt(4, h);
                    pngChunk(out, "IHDR", ihdr);
                    pngChunk(
                            out,
                            "acTL",
                            ByteBuffer.allocate(8)
                                    .putInt(frames.size())
                                    .putInt(0)
                                    .array());
                }
                pngChunk(
                        out,
                        "fcTL",
                        ByteBuffer.allocate(26)
                                .putInt(sequence++)
                                .putInt(f.image().getWidth())
                                .putInt(f.image().getHeight())
                                .putInt(f.x())
                                .putInt(f.y())
                                .putShort((short) 1)
                                .putShort((short) 10)
                                .put((byte) f.dispose())
                                .put((byte) f.blend())
                                .array());
                byte[] data = chunks.get("IDAT");
                if (i == 0) {
                    pngChunk(out, "IDAT", data);
                } else {
                    pngChunk(
                            out,
                            "fdAT",
                            ByteBuffer.allocate(4 + data.length)
                                    .putInt(sequence++)
                                    .put(data)
                                    .array());
                }
            }
            pngChunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG's chunks by type, IDATs joined. */
    private static Map<String, byte[]> pngChunks(BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] b = png.toByteArray();
        Map<String, byte[]> chunks = new java.util.LinkedHashMap<>();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        for (int at = 8; at + 8 <= b.length; ) {
            int length = ByteBuffer.wrap(b, at, 4).getInt();
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                idat.write(b, at + 8, length);
            } else {
                chunks.put(type, java.util.Arrays.copyOfRange(b, at + 8, at + 8 + length));
            }
            at += 12 + length;
        }
        chunks.put("IDAT", idat.toByteArray());
        return chunks;
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(name);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
