package io.timonel.cli.bench;

/**
 * The write workload against bare etcd: the same ConfigMap JSON stored under a key laid out
 * as Kubernetes lays it out; creates are bare puts, updates compare the mod revision.
 */
final class EtcdWrites implements WriteTarget {

    private static final String NAMESPACE = "bench";
    private static final String PREFIX = "/registry/configmaps/" + NAMESPACE + "/";

    private final EtcdGateway etcd;

    EtcdWrites(EtcdGateway etcd) {
        this.etcd = etcd;
    }

    @Override
    public Written create(int worker, String name) throws Exception {
        return outcome(etcd.put(worker, PREFIX + name, ConfigMaps.json(NAMESPACE, name, null, 0)));
    }

    @Override
    public Written update(int worker, String name, String revision, long generation) throws Exception {
        return outcome(etcd.compareAndPut(worker, PREFIX + name, ConfigMaps.json(NAMESPACE, name, null, generation), revision));
    }

    private static Written outcome(EtcdGateway.Write write) {
        return write.failure() == null ? Written.ok(write.revision()) : Written.failed(write.failure());
    }
}
