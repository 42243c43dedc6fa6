package io.timonel.kernel.api.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V2beta2Autoscaling;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ProtobufDecoderTest {

    private static byte[] envelope(String apiVersion, String kind, com.google.protobuf.Message object) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'k', '8', 's', 0});
        Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).build().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void anAutoscalingV2HorizontalPodAutoscalerKeepsItsMetrics() throws Exception {
        // what `kubectl autoscale --cpu-percent=50` sends
        var hpa = V2beta2Autoscaling.HorizontalPodAutoscaler.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
                .setSpec(V2beta2Autoscaling.HorizontalPodAutoscalerSpec.newBuilder().setMaxReplicas(5).setMinReplicas(2)
                        .setScaleTargetRef(V2beta2Autoscaling.CrossVersionObjectReference.newBuilder()
                                .setApiVersion("apps/v1").setKind("Deployment").setName("web"))
                        .addMetrics(V2beta2Autoscaling.MetricSpec.newBuilder().setType("Resource")
                                .setResource(V2beta2Autoscaling.ResourceMetricSource.newBuilder().setName("cpu")
                                        .setTarget(V2beta2Autoscaling.MetricTarget.newBuilder().setType("Utilization")
                                                .setAverageUtilization(50)))))
                .build();

        var decoded = new ProtobufDecoder().decode(envelope("autoscaling/v2", "HorizontalPodAutoscaler", hpa));

        var object = assertInstanceOf(ProtobufDecoder.Decoded.Object.class, decoded).object();
        assertEquals("autoscaling/v2", object.path("apiVersion").asText());
        assertEquals(50, object.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertEquals("Deployment", object.at("/spec/scaleTargetRef/kind").asText());
    }

    @Test
    void fieldsOfInlinedStructsLandInTheEnclosingObject() throws Exception {
        // what `kubectl create ingress web --rule=a.example/=web:80` sends: IngressRuleValue is inlined in JSON
        var ingress = V1Networking.Ingress.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
                .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder()
                        .setHost("a.example")
                        .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder()
                                .setHttp(V1Networking.HTTPIngressRuleValue.newBuilder()
                                        .addPaths(V1Networking.HTTPIngressPath.newBuilder().setPath("/")
                                                .setPathType("Exact"))))))
                .build();

        var decoded = new ProtobufDecoder().decode(envelope("networking.k8s.io/v1", "Ingress", ingress));

        var object = assertInstanceOf(ProtobufDecoder.Decoded.Object.class, decoded).object();
        assertEquals("Exact", object.at("/spec/rules/0/http/paths/0/pathType").asText());
        assertEquals("a.example", object.at("/spec/rules/0/host").asText());
        assertTrue(object.at("/spec/rules/0/ingressRuleValue").isMissingNode());
    }
}
