package dev.imagemoderation.modelconverter;

/**
 * A TensorFlow convolution kernel rearranged for ONNX's {@code Conv}: TensorFlow stores
 * {@code [kh, kw, in, out]} (HWIO), or {@code [kh, kw, in, multiplier]} for a depthwise
 * convolution; ONNX wants {@code [out, in / group, kh, kw]}, a depthwise one being a grouped
 * convolution with one group per input channel.
 */
record ConvKernel(float[] weights, long[] shape, int group) {

    int outChannels() {
        return (int) shape[0];
    }

    int kernelHeight() {
        return (int) shape[2];
    }

    int kernelWidth() {
        return (int) shape[3];
    }

    static ConvKernel fromTensorFlow(Weights.Weight k, boolean depthwise) {
        int kh = (int) k.shape()[0];
        int kw = (int) k.shape()[1];
        int cin = (int) k.shape()[2];
        int last = (int) k.shape()[3];
        float[] src = k.values();
        if (depthwise) {
            int cout = cin * last;
            float[] w = new float[cout * kh * kw];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < cin; c++) {
                        for (int m = 0; m < last; m++) {
                            w[((c * last + m) * kh + y) * kw + x] = src[((y * kw + x) * cin + c) * last + m];
                        }
                    }
                }
            }
            return new ConvKernel(w, new long[] {cout, 1, kh, kw}, cin);
        }
        float[] w = new float[last * cin * kh * kw];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int c = 0; c < cin; c++) {
                    for (int o = 0; o < last; o++) {
                        w[((o * cin + c) * kh + y) * kw + x] = src[((y * kw + x) * cin + c) * last + o];
                    }
                }
            }
        }
        return new ConvKernel(w, new long[] {last, cin, kh, kw}, 1);
    }
}
