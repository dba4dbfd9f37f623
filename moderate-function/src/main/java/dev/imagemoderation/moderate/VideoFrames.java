package dev.imagemoderation.moderate;

import dev.imagemoderation.core.workflow.FetchReason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;

/**
 * Frames of a video (H.264 in MP4 or QuickTime, decoded by JCodec, pure Java): one a second,
 * each the keyframe at or before that second, spread evenly over a longer video when there
 * would be more than {@link #MAX_SAMPLES}. Encoders put a keyframe at every scene cut and at
 * least every few seconds, so the samples are the scene changes plus a frame every few
 * seconds; {@link FrameSelector} then keeps those that differ by content, within the budget.
 * Seeking to keyframes means only those are decoded, never the frames between.
 */
final class VideoFrames {

    /** Seconds between samples. */
    static final double SAMPLE_EVERY_SECONDS = 1.0;

    /** Samples at most; a video longer than this many seconds is sampled evenly over its length. */
    static final int MAX_SAMPLES = 120;

    private VideoFrames() {}

    /** @return the number of frames the video has */
    static int sample(byte[] video, FrameSelector selector) throws IOException, ImageRejectedException {
        FrameGrab grab;
        DemuxerTrackMeta meta;
        try {
            grab = FrameGrab.createFrameGrab(new ByteBufferSeekableByteChannel(ByteBuffer.wrap(video), video.length));
            meta = grab.getVideoTrack().getMeta();
        } catch (JCodecException | RuntimeException e) {
            throw new ImageRejectedException(
                    FetchReason.UnsupportedFormat, "the video cannot be decoded here (" + describe(e) + ")");
        }
        double duration = meta == null ? 0 : meta.getTotalDuration();
        int totalFrames = meta == null ? 0 : meta.getTotalFrames();
        int samples = (int) Math.max(1, Math.min(MAX_SAMPLES, Math.ceil(duration / SAMPLE_EVERY_SECONDS)));
        double step = samples <= 1 ? 0 : duration / samples;
        int index = 0;
        for (int i = 0; i < samples; i++) {
            Picture picture;
            try {
                if (i > 0) {
                    grab.seekToSecondSloppy(i * step);
                }
                picture = grab.getNativeFrame();
            } catch (JCodecException | RuntimeException e) {
                if (index == 0) {
                    throw new ImageRejectedException(
                            FetchReason.UnsupportedFormat,
                            "the video's frames cannot be decoded (" + describe(e) + ")");
                }
                throw new ImageRejectedException(
                        FetchReason.Corrupt, "the video breaks off at " + Math.round(i * step) + " s");
            }
            if (picture == null) {
                break;
            }
            BufferedImage frame = AWTUtil.toBufferedImage(picture);
            // A video frame may not be larger than an image may be.
            ImagePreparer.checkDimensions(frame.getWidth(), frame.getHeight());
            selector.offer(index++, frame);
        }
        if (index == 0) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the video has no frames");
        }
        return Math.max(totalFrames, index);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
