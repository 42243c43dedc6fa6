package io.timonel.spi.resource;

/**
 * A column of {@code kubectl get} output (Table format), as in a CRD's additionalPrinterColumns.
 *
 * @param name        the header, e.g. {@code READY}
 * @param type        OpenAPI type of the cells: string, integer, number, boolean, date
 * @param format      OpenAPI format ({@code name} marks the name column), or empty
 * @param description what the column shows
 * @param priority    0 for default output, higher for {@code -o wide} only
 * @param cell        how to compute the cell from the object
 */
public record PrinterColumn(String name, String type, String format, String description, int priority,
                            CellExtractor cell) {

    /** A column whose cell is the value at a simple JSON path such as {@code .spec.replicas}. */
    public static PrinterColumn ofPath(String name, String type, String jsonPath, String description) {
        return new PrinterColumn(name, type, "", description, 0, CellExtractor.path(jsonPath));
    }

    /** Same column, shown only with {@code -o wide}. */
    public PrinterColumn wide() {
        return new PrinterColumn(name, type, format, description, 1, cell);
    }
}
