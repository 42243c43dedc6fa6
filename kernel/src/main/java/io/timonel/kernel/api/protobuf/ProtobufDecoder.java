package io.timonel.kernel.api.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.timonel.kernel.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}),
 * which client-go's typed clients send for built-in types — {@code kubectl create namespace},
 * {@code kubectl create deployment}, {@code kubectl auth can-i} among them — and turns them into
 * the JSON tree the rest of the API server works on.
 *
 * <p>The envelope is the 4-byte magic {@code k8s\0} and a {@code runtime.Unknown} carrying the
 * apiVersion, kind and the object's own encoding. Message schemas come from the Kubernetes Java
 * client's generated descriptors. The JSON follows the Go types' JSON form: times as RFC 3339,
 * int-or-string and quantities as scalars, bytes as base64, and empty strings and zero times
 * (which Go's protobuf encoder writes for every non-pointer field) left out as Go's
 * {@code omitempty} would.
 */
public final class ProtobufDecoder {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final List<String> OUTER_CLASSES = List.of("V1", "V1Apps", "V1Authentication", "V1Authorization",
            "V1Autoscaling", "V1Batch", "V1Certificates", "V1Networking", "V1Policy", "V1Rbac", "V1Scheduling",
            "V1Storage", "V1Admissionregistration", "V2beta2Autoscaling", "V1beta1Apiextensions", "Meta");
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /**
     * Fields of Go structs embedded with {@code json:",inline"}: protobuf nests them in a field of
     * their own, JSON has their fields in the enclosing object.
     */
    private static final Set<String> INLINED = Set.of(
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.networking.v1beta1.IngressRule.ingressRuleValue",
            "k8s.io.api.extensions.v1beta1.IngressRule.ingressRuleValue",
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon");

    /** Message descriptors by {@code <package short name>/<version>/<Kind>}, e.g. {@code apps/v1/Deployment}. */
    private final Map<String, Descriptor> kinds = new HashMap<>();

    public ProtobufDecoder() {
        for (String outer : OUTER_CLASSES) {
            try {
                FileDescriptor file = (FileDescriptor) Class.forName("io.kubernetes.client.proto." + outer)
                        .getMethod("getDescriptor").invoke(null);
                String[] pkg = file.getPackage().split("\\.");
                String key = pkg[pkg.length - 2] + "/" + pkg[pkg.length - 1];
                for (Descriptor d : file.getMessageTypes()) {
                    kinds.put(key + "/" + d.getName(), d);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the Kubernetes protobuf descriptors are missing: " + outer, e);
            }
        }
        // autoscaling/v2 is v2beta2 graduated with the same wire schema; the Java client ships only the latter
        Map<String, Descriptor> graduated = new HashMap<>();
        kinds.forEach((key, descriptor) -> {
            if (key.startsWith("autoscaling/v2beta2/")) {
                graduated.put("autoscaling/v2/" + key.substring("autoscaling/v2beta2/".length()), descriptor);
            }
        });
        graduated.forEach(kinds::putIfAbsent);
    }

    /** Whether {@code body} starts with Kubernetes' protobuf magic. */
    public static boolean isProtobuf(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The outcome of decoding: the object, or why it could not be decoded. */
    public sealed interface Decoded {
        /** The body as a JSON object, with apiVersion and kind set. */
        record Object(ObjectNode object) implements Decoded {
        }

        /** Not a valid Kubernetes protobuf body: answer 400. */
        record Malformed(String message) implements Decoded {
        }

        /** A kind this server cannot read in protobuf: answer 415 (the client may retry in JSON). */
        record UnknownKind(String apiVersion, String kind) implements Decoded {
        }
    }

    public Decoded decode(byte[] body) {
        if (!isProtobuf(body)) {
            return new Decoded.Malformed("the body is not in Kubernetes' protobuf encoding (no k8s\\0 prefix)");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(com.google.protobuf.ByteString.copyFrom(body, 4, body.length - 4));
        } catch (InvalidProtocolBufferException e) {
            return new Decoded.Malformed("the protobuf envelope could not be decoded: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        Optional<Descriptor> descriptor = descriptor(apiVersion, kind);
        if (descriptor.isEmpty()) {
            return new Decoded.UnknownKind(apiVersion, kind);
        }
        try {
            DynamicMessage message = DynamicMessage.parseFrom(descriptor.get(), unknown.getRaw());
            ObjectNode object = Json.object();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            object.setAll(toJson(message));
            return new Decoded.Object(object);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Decoded.Malformed("the " + kind + " could not be decoded from protobuf: " + e.getMessage());
        }
    }

    private Optional<Descriptor> descriptor(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String shortGroup = group.isEmpty() ? "core" : group.split("\\.")[0];
        return Optional.ofNullable(kinds.get(shortGroup + "/" + version + "/" + kind));
    }

    private static ObjectNode toJson(Message message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            JsonNode value;
            if (field.isMapField()) {
                ObjectNode map = JsonNodeFactory.instance.objectNode();
                for (Object entry : (List<?>) e.getValue()) {
                    Message m = (Message) entry;
                    FieldDescriptor k = m.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor v = m.getDescriptorForType().findFieldByName("value");
                    JsonNode converted = scalarOrMessage(v, m.getField(v));
                    map.set(String.valueOf(m.getField(k)), converted == null ? JsonNodeFactory.instance.nullNode()
                            : converted);
                }
                value = map;
            } else if (field.isRepeated()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (Object item : (List<?>) e.getValue()) {
                    JsonNode converted = scalarOrMessage(field, item);
                    list.add(converted == null ? JsonNodeFactory.instance.nullNode() : converted);
                }
                value = list;
            } else {
                value = scalarOrMessage(field, e.getValue());
            }
            if (value instanceof ObjectNode inlined && INLINED.contains(field.getFullName())) {
                out.setAll(inlined);
            } else if (value != null) {
                out.set(field.getName(), value);
            }
        }
        return out;
    }

    /** One value in its JSON form, or null when Go's JSON encoding would omit it. */
    private static JsonNode scalarOrMessage(FieldDescriptor field, Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (field.getJavaType()) {
            case MESSAGE -> special((Message) value);
            case STRING -> ((String) value).isEmpty() && !field.isRepeated() ? null : f.textNode((String) value);
            case BYTE_STRING -> f.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOLEAN -> f.booleanNode((Boolean) value);
            case INT -> f.numberNode((Integer) value);
            case LONG -> f.numberNode((Long) value);
            case FLOAT -> f.numberNode((Float) value);
            case DOUBLE -> f.numberNode((Double) value);
            case ENUM -> f.textNode(value.toString());
        };
    }

    private static JsonNode special(Message m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = m.getDescriptorForType().getFullName();
        switch (type) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time": {
                long seconds = longField(m, "seconds");
                return seconds == 0 && longField(m, "nanos") == 0 ? null
                        : f.textNode(Instant.ofEpochSecond(seconds).truncatedTo(ChronoUnit.SECONDS).toString());
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": {
                long seconds = longField(m, "seconds");
                return seconds == 0 && longField(m, "nanos") == 0 ? null
                        : f.textNode(MICRO.format(Instant.ofEpochSecond(seconds, longField(m, "nanos"))));
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
                return f.textNode(goDuration(longField(m, "duration")));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return longField(m, "type") == 1 ? f.textNode(stringField(m, "strVal"))
                        : f.numberNode((int) longField(m, "intVal"));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                return f.textNode(stringField(m, "string"));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
            case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1":
                return rawJson(m, type.endsWith("RawExtension") ? "raw" : "Raw");
            default:
                return toJson(m);
        }
    }

    private static JsonNode rawJson(Message m, String fieldName) {
        FieldDescriptor raw = m.getDescriptorForType().findFieldByName(fieldName);
        if (raw == null || !m.hasField(raw)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(((ByteString) m.getField(raw)).toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("embedded JSON is malformed: " + e.getMessage());
        }
    }

    private static long longField(Message m, String name) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        return f == null || !m.hasField(f) ? 0 : ((Number) m.getField(f)).longValue();
    }

    private static String stringField(Message m, String name) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        return f == null || !m.hasField(f) ? "" : (String) m.getField(f);
    }

    /** Go's time.Duration String(): 1h2m3.5s, 150ms, 0s. */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder(nanos < 0 ? "-" : "");
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            return b.append(n % 1_000_000 == 0 ? n / 1_000_000 + "ms" : n % 1000 == 0 ? n / 1000 + "µs" : n + "ns")
                    .toString();
        }
        long h = n / 3_600_000_000_000L;
        long m = n / 60_000_000_000L % 60;
        double s = (n % 60_000_000_000L) / 1e9;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        String secs = new java.math.BigDecimal(Double.toString(s)).stripTrailingZeros().toPlainString();
        return b.append(secs).append('s').toString();
    }
}
