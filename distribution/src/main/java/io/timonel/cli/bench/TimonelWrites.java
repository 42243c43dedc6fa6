package io.timonel.cli.bench;

/** The write workload against Timonel's API: ConfigMaps in one namespace. */
final class TimonelWrites implements WriteTarget {

    private final KubeApi api;
    private final String namespace;

    TimonelWrites(KubeApi api, String namespace) {
        this.api = api;
        this.namespace = namespace;
    }

    @Override
    public Written create(int worker, String name) throws Exception {
        return outcome(api.createConfigMap(worker, namespace, name), 201);
    }

    @Override
    public Written update(int worker, String name, String revision, long generation) throws Exception {
        return outcome(api.updateConfigMap(worker, namespace, name, revision, generation), 200);
    }

    private static Written outcome(KubeApi.Reply reply, int expected) {
        if (reply.status() != expected) {
            return Written.failed(reply.describe());
        }
        String resourceVersion = ConfigMaps.resourceVersion(reply.body());
        return resourceVersion == null ? Written.failed("no resourceVersion in the answer") : Written.ok(resourceVersion);
    }
}
