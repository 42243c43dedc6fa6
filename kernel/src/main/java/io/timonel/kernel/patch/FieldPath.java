package io.timonel.kernel.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A path from the root of an object to one field or list item, e.g.
 * {@code .spec.containers[name="main"].image}; {@link #toString()} writes it as Kubernetes
 * does in apply conflicts.
 *
 * @param elements the steps from the root
 */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {

    public FieldPath {
        elements = List.copyOf(elements);
    }

    /** The root (empty path). */
    public static FieldPath root() {
        return new FieldPath(List.of());
    }

    /** A path of plain field names, e.g. {@code FieldPath.of("data", "color")}. */
    public static FieldPath of(String... fields) {
        List<PathElement> out = new ArrayList<>();
        for (String f : fields) {
            out.add(new PathElement.Field(f));
        }
        return new FieldPath(out);
    }

    /** This path extended by one element. */
    public FieldPath child(PathElement element) {
        List<PathElement> out = new ArrayList<>(elements.size() + 1);
        out.addAll(elements);
        out.add(element);
        return new FieldPath(out);
    }

    /** This path extended by a field name. */
    public FieldPath field(String name) {
        return child(new PathElement.Field(name));
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    @Override
    public int compareTo(FieldPath other) {
        int n = Math.min(elements.size(), other.elements.size());
        for (int i = 0; i < n; i++) {
            int c = elements.get(i).compareTo(other.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), other.elements.size());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        elements.forEach(sb::append);
        return sb.toString();
    }
}
