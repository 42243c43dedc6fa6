package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.timonel.plugins.controllers.kit.ControlLoop;
import io.timonel.plugins.controllers.kit.ControllerRuntime;
import io.timonel.plugins.controllers.kit.Durations;
import io.timonel.plugins.controllers.kit.ReconcileLoop;
import io.timonel.plugins.controllers.kit.SameContent;
import io.timonel.plugins.controllers.kit.Reconciler.Result;
import io.timonel.plugins.controllers.kit.WorkQueue;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes} Service of the {@code default} namespace, which Kubernetes' API server
 * keeps itself (nothing in Timonel's kernel does): a ClusterIP service (the first address of the
 * service range, {@value #CLUSTER_IP}, unless the setting {@code kubernetes-service-ip} says
 * otherwise; any address of the range when the range lacks it) with port {@code https} 443, and its
 * Endpoints and EndpointSlice pointing at the API server's advertised address (see
 * {@link #advertisedAddress}) and port. Checked every
 * ten seconds, like the API server's endpoint reconciler; edited by hand, it is put back.
 */
public final class KubernetesServiceLoop implements ControlLoop {
    static final String NAME = "kubernetes";
    static final String NAMESPACE = "default";
    static final String CLUSTER_IP = "10.96.0.1";
    private static final String KEY = NAMESPACE + "/" + NAME;

    private ControllerRuntime runtime;
    private WorkQueue queue;
    private ReconcileLoop loop;
    private Duration period;
    private String advertised;

    @Override
    public String name() {
        return "kubernetes-service";
    }

    @Override
    public void prepare(ControllerRuntime runtime) {
        this.runtime = runtime;
        this.period = Durations.setting(runtime.settings(), "kubernetes-service-period", Duration.ofSeconds(10));
        queue = runtime.newQueue();
        loop = new ReconcileLoop(name(), queue, key -> reconcile());
    }

    Result reconcile() throws UnknownHostException {
        KubernetesClient client = runtime.client();
        URL master = client.getMasterUrl();
        String ip = advertisedAddress(master);
        int port = master.getPort() > 0 ? master.getPort() : master.getDefaultPort();
        try {
            Service service = client.services().inNamespace(NAMESPACE).withName(NAME).get();
            if (service == null) {
                String clusterIp = runtime.settings().get("kubernetes-service-ip");
                try {
                    create(client, clusterIp != null ? clusterIp : CLUSTER_IP, port);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 422 || clusterIp != null) {
                        throw e;
                    }
                    // a service range without the usual address: any address of it will do
                    create(client, null, port);
                }
            } else if (service.getSpec().getPorts() == null || service.getSpec().getPorts().size() != 1
                    || !Integer.valueOf(port).equals(service.getSpec().getPorts().get(0).getTargetPort().getIntVal())) {
                client.services().inNamespace(NAMESPACE).withName(NAME).edit(s -> new ServiceBuilder(s).editSpec()
                        .withPorts(List.of()).addNewPort().withName("https").withPort(443).withProtocol("TCP")
                        .withTargetPort(new IntOrString(port)).endPort().endSpec().build());
            }
            EndpointSubset subset = new EndpointSubsetBuilder().addNewAddress().withIp(ip).endAddress()
                    .addNewPort().withName("https").withPort(port).withProtocol("TCP").endPort().build();
            Endpoints endpoints = client.endpoints().inNamespace(NAMESPACE).withName(NAME).get();
            if (endpoints == null) {
                client.endpoints().inNamespace(NAMESPACE).resource(new EndpointsBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                        .withLabels(Map.of("endpointslice.kubernetes.io/skip-mirror", "true")).endMetadata()
                        .withSubsets(subset).build()).create();
            } else if (!SameContent.equal(endpoints.getSubsets(), List.of(subset))) {
                client.endpoints().inNamespace(NAMESPACE).resource(new EndpointsBuilder(endpoints)
                        .withSubsets(subset).build()).update();
            }
            EndpointSlice slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                    .withLabels(Map.of(EndpointSliceLoop.SERVICE_NAME, NAME)).endMetadata()
                    .withAddressType("IPv4")
                    .addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions().endEndpoint()
                    .addNewPort().withName("https").withPort(port).withProtocol("TCP").endPort()
                    .build();
            EndpointSlice current = client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(NAME).get();
            if (current == null) {
                client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).create();
            } else if (!SameContent.equal(current.getEndpoints(), slice.getEndpoints())
                    || !SameContent.equal(current.getPorts(), slice.getPorts())) {
                client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(new EndpointSliceBuilder(current)
                        .withEndpoints(slice.getEndpoints()).withPorts(slice.getPorts()).build()).update();
            }
        } catch (KubernetesClientException e) {
            return Result.retry();
        }
        return Result.after(period);
    }

    private static void create(KubernetesClient client, String clusterIp, int port) {
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(Map.of("component", "apiserver", "provider", "kubernetes")).endMetadata()
                .withNewSpec().withType("ClusterIP").withSessionAffinity("None")
                .addNewPort().withName("https").withPort(443).withProtocol("TCP")
                .withTargetPort(new IntOrString(port)).endPort().endSpec();
        if (clusterIp != null) {
            service.editSpec().withClusterIP(clusterIp).withClusterIPs(clusterIp).endSpec();
        }
        client.services().inNamespace(NAMESPACE).resource(service.build()).create();
    }

    /**
     * Where pods reach the API server: the setting {@code advertise-address}, else the address in
     * the client's URL when it is a real one, else the host's primary address (see
     * {@link AdvertisedAddress}) — never loopback while the host has another address, since a
     * pod's loopback is its own.
     */
    private String advertisedAddress(URL master) throws UnknownHostException {
        String configured = runtime.settings().get("advertise-address");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (advertised == null) {
            advertised = AdvertisedAddress.ofHost(InetAddress.getByName(master.getHost())).getHostAddress();
        }
        return advertised;
    }

    @Override
    public void run() {
        loop.start(1);
        queue.add(KEY);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}
