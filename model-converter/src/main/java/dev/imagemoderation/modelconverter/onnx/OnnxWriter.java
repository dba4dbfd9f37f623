package dev.imagemoderation.modelconverter.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ONNX model with protobuf's wire format directly, by the field numbers of
 * onnx.proto: no protoc, no generated classes. Only what a feed-forward image classifier
 * needs: nodes with int/float/ints attributes, float initializers, one input, one output.
 */
public final class OnnxWriter {

    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;

    /** A graph node. */
    public record Node(
            String opType, List<String> inputs, List<String> outputs, String name, List<Attribute> attributes) {}

    /** An attribute: exactly one of the value fields is set. */
    public record Attribute(String name, Long i, Float f, long[] ints, String s) {
        public static Attribute ofInt(String name, long v) {
            return new Attribute(name, v, null, null, null);
        }

        public static Attribute ofFloat(String name, float v) {
            return new Attribute(name, null, v, null, null);
        }

        public static Attribute ofInts(String name, long... v) {
            return new Attribute(name, null, null, v, null);
        }

        public static Attribute ofString(String name, String v) {
            return new Attribute(name, null, null, null, v);
        }
    }

    /** A float (or int64, when {@code longs} is set) initializer. */
    public record Tensor(String name, long[] dims, float[] floats, long[] longs) {}

    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();

    public void node(Node n) {
        nodes.add(n);
    }

    public void initializer(Tensor t) {
        initializers.add(t);
    }

    /** @return the serialised ModelProto */
    public byte[] write(String graphName, String input, long[] inputShape, String output, long[] outputShape) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        try {
            CodedOutputStream g = CodedOutputStream.newInstance(graph);
            for (Node n : nodes) {
                g.writeByteArray(1, encode(n));
            }
            g.writeString(2, graphName);
            for (Tensor t : initializers) {
                g.writeByteArray(5, tensor(t));
            }
            g.writeByteArray(11, valueInfo(input, inputShape));
            g.writeByteArray(12, valueInfo(output, outputShape));
            g.flush();

            ByteArrayOutputStream model = new ByteArrayOutputStream();
            CodedOutputStream m = CodedOutputStream.newInstance(model);
            m.writeInt64(1, IR_VERSION);
            m.writeString(2, "image-moderation-local-detector");
            m.writeString(3, "1");
            m.writeByteArray(7, graph.toByteArray());
            ByteArrayOutputStream opset = new ByteArrayOutputStream();
            CodedOutputStream o = CodedOutputStream.newInstance(opset);
            o.writeString(1, "");
            o.writeInt64(2, OPSET);
            o.flush();
            m.writeByteArray(8, opset.toByteArray());
            m.flush();
            return model.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(Node n) throws IOException {
        return message(c -> {
            for (String in : n.inputs()) {
                c.writeString(1, in);
            }
            for (String out : n.outputs()) {
                c.writeString(2, out);
            }
            c.writeString(3, n.name());
            c.writeString(4, n.opType());
            for (Attribute a : n.attributes()) {
                c.writeByteArray(5, attribute(a));
            }
        });
    }

    private static byte[] attribute(Attribute a) throws IOException {
        return message(c -> {
            c.writeString(1, a.name());
            if (a.f() != null) {
                c.writeFloat(2, a.f());
                c.writeEnum(20, 1);
            } else if (a.i() != null) {
                c.writeInt64(3, a.i());
                c.writeEnum(20, 2);
            } else if (a.s() != null) {
                c.writeBytes(4, ByteString.copyFromUtf8(a.s()));
                c.writeEnum(20, 3);
            } else {
                for (long v : a.ints()) {
                    c.writeInt64(8, v);
                }
                c.writeEnum(20, 7);
            }
        });
    }

    private static byte[] tensor(Tensor t) throws IOException {
        return message(c -> {
            for (long d : t.dims()) {
                c.writeInt64(1, d);
            }
            c.writeInt32(2, t.longs() != null ? 7 : 1);
            c.writeString(8, t.name());
            ByteBuffer raw;
            if (t.longs() != null) {
                raw = ByteBuffer.allocate(t.longs().length * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : t.longs()) {
                    raw.putLong(v);
                }
            } else {
                raw = ByteBuffer.allocate(t.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : t.floats()) {
                    raw.putFloat(v);
                }
            }
            c.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
    }

    private static byte[] valueInfo(String name, long[] shape) throws IOException {
        byte[] dims = message(c -> {
            for (long d : shape) {
                c.writeByteArray(1, message(dim -> {
                    if (d < 0) {
                        dim.writeString(2, "N");
                    } else {
                        dim.writeInt64(1, d);
                    }
                }));
            }
        });
        byte[] tensorType = message(c -> {
            c.writeInt32(1, 1);
            c.writeByteArray(2, dims);
        });
        byte[] type = message(c -> c.writeByteArray(1, tensorType));
        return message(c -> {
            c.writeString(1, name);
            c.writeByteArray(2, type);
        });
    }

    private interface Body {
        void write(CodedOutputStream c) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        body.write(c);
        c.flush();
        return out.toByteArray();
    }
}
