package dev.imagemoderation.modelconverter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.modelconverter.onnx.OnnxWriter;
import dev.imagemoderation.modelconverter.onnx.OnnxWriter.Attribute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a TensorFlow.js "graph" model (nsfwjs's MobileNetV2Mid: a frozen TF graph with
 * Grappler's fused ops) to ONNX. Supported ops: Placeholder, Const, Identity,
 * {@code _FusedConv2D} and {@code FusedDepthwiseConv2dNative} (BiasAdd, Relu, Relu6),
 * AddV2, Mul, Sub, AvgPool, Squeeze, {@code _FusedMatMul} (BiasAdd), Softmax. Anything
 * else fails the conversion naming the op and the node. The NHWC input is transposed
 * once to NCHW.
 */
public final class GraphModelConverter {

    private final List<JsonNode> nodes = new ArrayList<>();
    private final Weights weights;
    private final OnnxWriter onnx = new OnnxWriter();
    private final Map<String, String> tensors = new HashMap<>();
    private final Set<String> initialised = new HashSet<>();
    private int size;

    public GraphModelConverter(JsonNode modelJson, byte[] weightBytes) {
        modelJson.path("modelTopology").path("node").forEach(nodes::add);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("not a graph model (no modelTopology.node)");
        }
        this.weights = new Weights(modelJson.path("weightsManifest"), weightBytes);
    }

    public int inputSize() {
        return size;
    }

    public byte[] convert() {
        String output = null;
        for (JsonNode n : nodes) {
            output = node(n);
        }
        return onnx.write("nsfwjs-graph", "input", new long[] {-1, size, size, 3}, output, new long[] {-1, 5});
    }

    private String node(JsonNode n) {
        String name = n.path("name").asText();
        String op = n.path("op").asText();
        List<String> in = new ArrayList<>();
        n.path("input").forEach(i -> in.add(i.asText()));
        switch (op) {
            case "Placeholder" -> {
                size = n.path("attr")
                        .path("shape")
                        .path("shape")
                        .path("dim")
                        .get(1)
                        .path("size")
                        .asInt();
                onnx.node(new OnnxWriter.Node(
                        "Transpose",
                        List.of("input"),
                        List.of("input/nchw"),
                        "input/nchw",
                        List.of(Attribute.ofInts("perm", 0, 3, 1, 2))));
                tensors.put(name, "input/nchw");
            }
            case "Const" -> tensors.put(name, name); // materialised by the consumer, which knows the layout it needs
            case "Identity" -> tensors.put(name, tensor(in.getFirst()));
            case "_FusedConv2D", "FusedDepthwiseConv2dNative" -> conv(n, name, in, op.startsWith("FusedDepthwise"));
            case "AddV2" -> emit("Add", List.of(tensor(in.get(0)), tensor(in.get(1))), name);
            case "Mul", "Sub" -> emit(op, List.of(operand(in.get(0)), operand(in.get(1))), name);
            case "AvgPool" -> {
                requireNhwc(n);
                long[] k = ints(n, "ksize");
                long[] s = ints(n, "strides");
                List<Attribute> attrs = new ArrayList<>(
                        List.of(Attribute.ofInts("kernel_shape", k[1], k[2]), Attribute.ofInts("strides", s[1], s[2])));
                if (text(n, "padding").equals("SAME")) {
                    attrs.add(Attribute.ofString("auto_pad", "SAME_UPPER"));
                    attrs.add(Attribute.ofInt("count_include_pad", 0));
                }
                emit("AveragePool", List.of(tensor(in.getFirst())), name, attrs.toArray(Attribute[]::new));
            }
            case "Squeeze" -> {
                long[] dims = ints(n, "squeeze_dims");
                if (dims.length != 2 || dims[0] != 1 || dims[1] != 2) {
                    throw new IllegalArgumentException(
                            name + ": Squeeze of dims other than the spatial ones is not supported");
                }
                onnx.initializer(new OnnxWriter.Tensor(name + "/axes", new long[] {2}, null, new long[] {2, 3}));
                emit("Squeeze", List.of(tensor(in.getFirst()), name + "/axes"), name);
            }
            case "_FusedMatMul" -> {
                if (n.path("attr").path("transpose_a").path("b").asBoolean(false)
                        || n.path("attr").path("transpose_b").path("b").asBoolean(false)) {
                    throw new IllegalArgumentException(name + ": transposed _FusedMatMul is not supported");
                }
                List<String> fused = fusedOps(n);
                if (!fused.equals(List.of("BiasAdd"))) {
                    throw new IllegalArgumentException(name + ": _FusedMatMul with " + fused + " is not supported");
                }
                Weights.Weight w = weights.get(in.get(1));
                Weights.Weight b = weights.get(in.get(2));
                onnx.initializer(new OnnxWriter.Tensor(in.get(1), w.shape(), w.values(), null));
                onnx.initializer(new OnnxWriter.Tensor(in.get(2), b.shape(), b.values(), null));
                emit("Gemm", List.of(tensor(in.get(0)), in.get(1), in.get(2)), name);
            }
            case "Softmax" -> emit("Softmax", List.of(tensor(in.getFirst())), name, Attribute.ofInt("axis", -1));
            default ->
                throw new IllegalArgumentException(
                        "node " + name + ": op " + op + " is not supported by the converter");
        }
        return tensors.get(name);
    }

    private void conv(JsonNode n, String name, List<String> in, boolean depthwise) {
        requireNhwc(n);
        List<String> fused = fusedOps(n);
        if (fused.isEmpty() || !fused.getFirst().equals("BiasAdd") || fused.size() > 2) {
            throw new IllegalArgumentException(name + ": fused ops " + fused + " are not supported");
        }
        ConvKernel kernel = ConvKernel.fromTensorFlow(weights.get(in.get(1)), depthwise);
        Weights.Weight bias = weights.get(in.get(2));
        List<Attribute> attrs = new ArrayList<>();
        if (kernel.group() > 1) {
            attrs.add(Attribute.ofInt("group", kernel.group()));
        }
        long[] s = ints(n, "strides");
        long[] d = ints(n, "dilations");
        attrs.add(Attribute.ofInts("kernel_shape", kernel.kernelHeight(), kernel.kernelWidth()));
        attrs.add(Attribute.ofInts("strides", s[1], s[2]));
        attrs.add(Attribute.ofInts("dilations", d.length == 4 ? d[1] : 1, d.length == 4 ? d[2] : 1));
        String padding = text(n, "padding");
        if (padding.equals("SAME")) {
            attrs.add(Attribute.ofString("auto_pad", "SAME_UPPER"));
        } else if (!padding.equals("VALID")) {
            throw new IllegalArgumentException(name + ": padding " + padding + " is not supported");
        }
        onnx.initializer(new OnnxWriter.Tensor(name + "/W", kernel.shape(), kernel.weights(), null));
        onnx.initializer(new OnnxWriter.Tensor(name + "/B", new long[] {kernel.outChannels()}, bias.values(), null));
        String convOut = fused.size() == 1 ? name : name + "/conv";
        onnx.node(new OnnxWriter.Node(
                "Conv", List.of(tensor(in.get(0)), name + "/W", name + "/B"), List.of(convOut), convOut, attrs));
        tensors.put(name, convOut);
        if (fused.size() == 2) {
            switch (fused.get(1)) {
                case "Relu" -> emit("Relu", List.of(convOut), name);
                case "Relu6" -> {
                    onnx.initializer(new OnnxWriter.Tensor(name + "/min", new long[] {}, new float[] {0f}, null));
                    onnx.initializer(new OnnxWriter.Tensor(name + "/max", new long[] {}, new float[] {6f}, null));
                    emit("Clip", List.of(convOut, name + "/min", name + "/max"), name);
                }
                default ->
                    throw new IllegalArgumentException(
                            name + ": fused activation " + fused.get(1) + " is not supported");
            }
        }
    }

    /** A Const used as an elementwise operand (a scalar): becomes an initializer the first time. */
    private String operand(String input) {
        if (weights.has(input)) {
            if (initialised.add(input)) {
                Weights.Weight w = weights.get(input);
                onnx.initializer(new OnnxWriter.Tensor(input, w.shape(), w.values(), null));
            }
            return input;
        }
        return tensor(input);
    }

    private String tensor(String input) {
        String t = tensors.get(input.split(":")[0]);
        if (t == null) {
            throw new IllegalArgumentException("input " + input + " is not produced by an earlier node");
        }
        return t;
    }

    private void emit(String op, List<String> inputs, String name, Attribute... attributes) {
        onnx.node(new OnnxWriter.Node(op, inputs, List.of(name), name, List.of(attributes)));
        tensors.put(name, name);
    }

    private static void requireNhwc(JsonNode n) {
        String format = text(n, "data_format");
        if (!format.isEmpty() && !format.equals("NHWC")) {
            throw new IllegalArgumentException(
                    n.path("name").asText() + ": data_format " + format + " is not supported");
        }
    }

    private static List<String> fusedOps(JsonNode n) {
        List<String> ops = new ArrayList<>();
        n.path("attr").path("fused_ops").path("list").path("s").forEach(s -> ops.add(decode(s.asText())));
        return ops;
    }

    private static String text(JsonNode n, String attr) {
        JsonNode s = n.path("attr").path(attr).path("s");
        return s.isMissingNode() ? "" : decode(s.asText());
    }

    private static long[] ints(JsonNode n, String attr) {
        JsonNode list = n.path("attr").path(attr).path("list").path("i");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).asLong();
        }
        return out;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
