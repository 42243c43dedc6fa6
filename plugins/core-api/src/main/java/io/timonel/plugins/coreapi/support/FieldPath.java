package io.timonel.plugins.coreapi.support;

/**
 * A field path as Kubernetes prints it in error causes: {@code spec.template.spec.containers[0].image},
 * {@code data[my key]} for map keys.
 */
public record FieldPath(String path) {

    public static FieldPath of(String path) {
        return new FieldPath(path);
    }

    public FieldPath child(String name) {
        return new FieldPath(path.isEmpty() ? name : path + "." + name);
    }

    public FieldPath index(int i) {
        return new FieldPath(path + "[" + i + "]");
    }

    public FieldPath key(String key) {
        return new FieldPath(path + "[" + key + "]");
    }

    @Override
    public String toString() {
        return path;
    }
}
