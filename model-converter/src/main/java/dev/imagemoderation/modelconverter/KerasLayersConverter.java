package dev.imagemoderation.modelconverter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.modelconverter.onnx.OnnxWriter;
import dev.imagemoderation.modelconverter.onnx.OnnxWriter.Attribute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a Keras "layers" model as TensorFlow.js saves it (MobileNetV2, InceptionV3 of
 * nsfwjs) to ONNX. The ONNX graph takes Keras's NHWC input and transposes once to the NCHW
 * ONNX convolutions want; BatchNormalization is folded into the convolution before it,
 * ZeroPadding2D into the convolution after it, Dropout disappears. A layer or setting it
 * does not know fails the conversion with its name.
 */
public final class KerasLayersConverter {

    /** A convolution being built, kept mutable until the end so a following BatchNormalization can fold in. */
    private static final class Conv {
        final String name;
        final String input;
        final String output;
        float[] weights; // [out, in/group, kh, kw]
        float[] bias; // [out]
        final long[] shape;
        final List<Attribute> attributes;
        String activation;

        Conv(
                String name,
                String input,
                String output,
                float[] weights,
                float[] bias,
                long[] shape,
                List<Attribute> attributes) {
            this.name = name;
            this.input = input;
            this.output = output;
            this.weights = weights;
            this.bias = bias;
            this.shape = shape;
            this.attributes = attributes;
        }
    }

    private final JsonNode layers;
    private final Weights weights;
    private final OnnxWriter onnx = new OnnxWriter();
    /** Keras layer name → ONNX tensor name of its output. */
    private final Map<String, String> tensors = new HashMap<>();
    /** A ZeroPadding2D waiting to be folded into the convolution after it. */
    private record Padding(String input, long[] pads) {}

    /** Keras ZeroPadding2D name → its input tensor and [top, left, bottom, right]. */
    private final Map<String, Padding> pendingPads = new HashMap<>();

    private final Map<String, Conv> convsByOutput = new HashMap<>();
    private final List<Object> ordered = new ArrayList<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private int size;

    public KerasLayersConverter(JsonNode modelJson, byte[] weightBytes) {
        JsonNode topology = modelJson.path("modelTopology");
        this.layers = topology.path("model_config").path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("not a Keras layers model (no model_config.config.layers)");
        }
        this.weights = new Weights(modelJson.path("weightsManifest"), weightBytes);
        for (JsonNode l : layers) {
            for (String in : inbound(l)) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
    }

    /** The input side length (224 or 299). */
    public int inputSize() {
        return size;
    }

    public byte[] convert() {
        String output = null;
        for (JsonNode l : layers) {
            output = layer(l);
        }
        for (Object o : ordered) {
            if (o instanceof Conv c) {
                emit(c);
            } else {
                onnx.node((OnnxWriter.Node) o);
            }
        }
        return onnx.write("nsfwjs", "input", new long[] {-1, size, size, 3}, output, new long[] {-1, 5});
    }

    private String layer(JsonNode l) {
        String cls = l.path("class_name").asText();
        String name = l.path("name").asText();
        JsonNode cfg = l.path("config");
        List<String> in = inbound(l);
        String x = in.isEmpty() ? null : tensors.get(in.getFirst());
        switch (cls) {
            case "InputLayer" -> {
                JsonNode shape = cfg.path("batch_input_shape");
                size = shape.get(1).asInt();
                node("Transpose", List.of("input"), name, Attribute.ofInts("perm", 0, 3, 1, 2));
            }
            case "ZeroPadding2D" -> {
                JsonNode p = cfg.path("padding");
                pendingPads.put(name, new Padding(x, new long[] {
                    p.get(0).get(0).asLong(),
                    p.get(1).get(0).asLong(),
                    p.get(0).get(1).asLong(),
                    p.get(1).get(1).asLong()
                }));
                return alias(name, x);
            }
            case "Conv2D", "DepthwiseConv2D" -> conv(l, cls.equals("DepthwiseConv2D"), in.getFirst());
            case "BatchNormalization" -> batchNorm(name, cfg, in.getFirst());
            case "ReLU" -> {
                double max = cfg.path("max_value").asDouble(Double.NaN);
                if (cfg.path("negative_slope").asDouble(0) != 0
                        || cfg.path("threshold").asDouble(0) != 0) {
                    throw new IllegalArgumentException(name + ": ReLU with slope or threshold is not supported");
                }
                relu(name, x, max);
            }
            case "Activation" -> activation(name, x, cfg.path("activation").asText());
            case "Add" -> node("Add", in.stream().map(tensors::get).toList(), name);
            case "Concatenate" -> {
                int axis = cfg.path("axis").asInt(-1);
                if (axis != -1 && axis != 3) {
                    throw new IllegalArgumentException(name + ": Concatenate on axis " + axis + " is not supported");
                }
                node("Concat", in.stream().map(tensors::get).toList(), name, Attribute.ofInt("axis", 1));
            }
            case "AveragePooling2D", "MaxPooling2D" ->
                pool(name, x, cfg, cls.equals("MaxPooling2D") ? "MaxPool" : "AveragePool");
            case "GlobalAveragePooling2D" -> {
                node("GlobalAveragePool", List.of(x), name + "/pool");
                node("Flatten", List.of(name + "/pool"), name, Attribute.ofInt("axis", 1));
            }
            case "Flatten" -> {
                // Keras flattens NHWC: go back to that order first.
                node("Transpose", List.of(x), name + "/nhwc", Attribute.ofInts("perm", 0, 2, 3, 1));
                node("Flatten", List.of(name + "/nhwc"), name, Attribute.ofInt("axis", 1));
            }
            case "Dense" -> dense(name, cfg, x);
            case "Dropout" -> {
                return alias(name, x);
            }
            default ->
                throw new IllegalArgumentException("layer " + name + ": " + cls + " is not supported by the converter");
        }
        return tensors.get(name);
    }

    private void conv(JsonNode l, boolean depthwise, String inputLayer) {
        String name = l.path("name").asText();
        JsonNode cfg = l.path("config");
        String input = tensors.get(inputLayer);
        long[] pads = {0, 0, 0, 0};
        Padding pending = pendingPads.get(inputLayer);
        if (pending != null) {
            input = pending.input();
            pads = pending.pads();
        }
        ConvKernel kernel =
                ConvKernel.fromTensorFlow(weights.get(name + (depthwise ? "/depthwise_kernel" : "/kernel")), depthwise);
        int cout = kernel.outChannels();
        List<Attribute> attrs = new ArrayList<>();
        if (kernel.group() > 1) {
            attrs.add(Attribute.ofInt("group", kernel.group()));
        }
        float[] bias = new float[cout];
        if (cfg.path("use_bias").asBoolean(false)) {
            float[] b = weights.get(name + (depthwise ? "/depthwise_bias" : "/bias"))
                    .values();
            System.arraycopy(b, 0, bias, 0, cout);
        }
        attrs.add(Attribute.ofInts("kernel_shape", kernel.kernelHeight(), kernel.kernelWidth()));
        attrs.add(Attribute.ofInts(
                "strides",
                cfg.path("strides").get(0).asLong(),
                cfg.path("strides").get(1).asLong()));
        attrs.add(Attribute.ofInts(
                "dilations",
                cfg.path("dilation_rate").get(0).asLong(),
                cfg.path("dilation_rate").get(1).asLong()));
        String padding = cfg.path("padding").asText();
        if (padding.equals("same")) {
            attrs.add(Attribute.ofString("auto_pad", "SAME_UPPER"));
        } else if (padding.equals("valid")) {
            attrs.add(Attribute.ofInts("pads", pads));
        } else {
            throw new IllegalArgumentException(name + ": padding " + padding + " is not supported");
        }
        Conv c = new Conv(name, input, name, kernel.weights(), bias, kernel.shape(), attrs);
        c.activation = cfg.path("activation").asText("linear");
        convsByOutput.put(name, c);
        ordered.add(c);
        tensors.put(name, name);
    }

    private void batchNorm(String name, JsonNode cfg, String inputLayer) {
        float eps = (float) cfg.path("epsilon").asDouble(1e-3);
        float[] gamma =
                cfg.path("scale").asBoolean(true) ? weights.get(name + "/gamma").values() : null;
        float[] beta =
                cfg.path("center").asBoolean(true) ? weights.get(name + "/beta").values() : null;
        float[] mean = weights.get(name + "/moving_mean").values();
        float[] var = weights.get(name + "/moving_variance").values();
        Conv conv = convsByOutput.get(tensors.get(inputLayer));
        if (conv != null && consumers.getOrDefault(inputLayer, 0) == 1 && conv.activation.equals("linear")) {
            int cout = (int) conv.shape[0];
            int per = conv.weights.length / cout;
            for (int o = 0; o < cout; o++) {
                float s = (gamma == null ? 1f : gamma[o]) / (float) Math.sqrt(var[o] + eps);
                for (int i = 0; i < per; i++) {
                    conv.weights[o * per + i] *= s;
                }
                conv.bias[o] = (conv.bias[o] - mean[o]) * s + (beta == null ? 0f : beta[o]);
            }
            alias(name, tensors.get(inputLayer));
            return;
        }
        int n = mean.length;
        float[] g = gamma == null ? ones(n) : gamma;
        float[] b = beta == null ? new float[n] : beta;
        onnx.initializer(new OnnxWriter.Tensor(name + "/gamma", new long[] {n}, g, null));
        onnx.initializer(new OnnxWriter.Tensor(name + "/beta", new long[] {n}, b, null));
        onnx.initializer(new OnnxWriter.Tensor(name + "/mean", new long[] {n}, mean, null));
        onnx.initializer(new OnnxWriter.Tensor(name + "/var", new long[] {n}, var, null));
        node(
                "BatchNormalization",
                List.of(tensors.get(inputLayer), name + "/gamma", name + "/beta", name + "/mean", name + "/var"),
                name,
                Attribute.ofFloat("epsilon", eps));
    }

    private void relu(String name, String x, double max) {
        if (Double.isNaN(max)) {
            node("Relu", List.of(x), name);
            return;
        }
        onnx.initializer(new OnnxWriter.Tensor(name + "/min", new long[] {}, new float[] {0f}, null));
        onnx.initializer(new OnnxWriter.Tensor(name + "/max", new long[] {}, new float[] {(float) max}, null));
        node("Clip", List.of(x, name + "/min", name + "/max"), name);
    }

    private void activation(String name, String x, String activation) {
        switch (activation) {
            case "linear" -> alias(name, x);
            case "relu" -> node("Relu", List.of(x), name);
            case "relu6" -> relu(name, x, 6);
            case "softmax" -> node("Softmax", List.of(x), name, Attribute.ofInt("axis", -1));
            case "sigmoid" -> node("Sigmoid", List.of(x), name);
            case "tanh" -> node("Tanh", List.of(x), name);
            default -> throw new IllegalArgumentException(name + ": activation " + activation + " is not supported");
        }
    }

    private void pool(String name, String x, JsonNode cfg, String op) {
        JsonNode ps = cfg.path("pool_size");
        JsonNode st = cfg.path("strides").isNull() || cfg.path("strides").isMissingNode() ? ps : cfg.path("strides");
        List<Attribute> attrs = new ArrayList<>(List.of(
                Attribute.ofInts("kernel_shape", ps.get(0).asLong(), ps.get(1).asLong()),
                Attribute.ofInts("strides", st.get(0).asLong(), st.get(1).asLong())));
        if (cfg.path("padding").asText().equals("same")) {
            attrs.add(Attribute.ofString("auto_pad", "SAME_UPPER"));
            if (op.equals("AveragePool")) {
                attrs.add(Attribute.ofInt("count_include_pad", 0));
            }
        }
        node(op, List.of(x), name, attrs.toArray(Attribute[]::new));
    }

    private void dense(String name, JsonNode cfg, String x) {
        Weights.Weight k = weights.get(name + "/kernel");
        int in = (int) k.shape()[0];
        int out = (int) k.shape()[1];
        onnx.initializer(new OnnxWriter.Tensor(name + "/kernel", new long[] {in, out}, k.values(), null));
        float[] bias = cfg.path("use_bias").asBoolean(true)
                ? weights.get(name + "/bias").values()
                : new float[out];
        onnx.initializer(new OnnxWriter.Tensor(name + "/bias", new long[] {out}, bias, null));
        String activation = cfg.path("activation").asText("linear");
        String gemmOut = activation.equals("linear") ? name : name + "/linear";
        ordered.add(new OnnxWriter.Node(
                "Gemm", List.of(x, name + "/kernel", name + "/bias"), List.of(gemmOut), gemmOut, List.of()));
        tensors.put(name, gemmOut);
        if (!activation.equals("linear")) {
            activation(name, gemmOut, activation);
        }
    }

    private void emit(Conv c) {
        onnx.initializer(new OnnxWriter.Tensor(c.name + "/W", c.shape, c.weights, null));
        onnx.initializer(new OnnxWriter.Tensor(c.name + "/B", new long[] {c.shape[0]}, c.bias, null));
        String out = c.activation.equals("linear") ? c.output : c.output + "/linear";
        onnx.node(new OnnxWriter.Node(
                "Conv", List.of(c.input, c.name + "/W", c.name + "/B"), List.of(out), c.name, c.attributes));
        if (!c.activation.equals("linear")) {
            // Activations fused into a Keras Conv2D are rare in these models; emitted as their own node.
            String op = switch (c.activation) {
                case "relu" -> "Relu";
                default ->
                    throw new IllegalArgumentException(
                            c.name + ": fused activation " + c.activation + " is not supported");
            };
            onnx.node(new OnnxWriter.Node(op, List.of(out), List.of(c.output), c.output + "/act", List.of()));
        }
    }

    private String alias(String name, String tensor) {
        tensors.put(name, tensor);
        return tensor;
    }

    private void node(String op, List<String> inputs, String name, Attribute... attributes) {
        ordered.add(new OnnxWriter.Node(op, inputs, List.of(name), name, List.of(attributes)));
        tensors.put(name, name);
    }

    private static List<String> inbound(JsonNode layer) {
        List<String> names = new ArrayList<>();
        JsonNode nodes = layer.path("inbound_nodes");
        if (nodes.isArray() && !nodes.isEmpty()) {
            for (JsonNode in : nodes.get(0)) {
                names.add(in.get(0).asText());
            }
        }
        return names;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
