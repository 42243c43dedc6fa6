/**
 * The patch and apply engines of the API server: pure functions over Jackson trees.
 *
 * <ul>
 * <li>{@link io.timonel.kernel.patch.JsonPatch} — RFC 6902 ({@code application/json-patch+json});
 * <li>{@link io.timonel.kernel.patch.MergePatch} — RFC 7386 ({@code application/merge-patch+json});
 * <li>{@link io.timonel.kernel.patch.StrategicMergePatch} — Kubernetes' strategic merge patch
 *     ({@code application/strategic-merge-patch+json}), including the directives kubectl's
 *     client-side apply sends;
 * <li>{@link io.timonel.kernel.patch.ServerSideApply} — server-side apply
 *     ({@code application/apply-patch+yaml}) and the recording of field ownership
 *     ({@code metadata.managedFields}) for every other write, over
 *     {@link io.timonel.kernel.patch.FieldSet}s.
 * </ul>
 *
 * <p>List and map semantics come from the type's {@link io.timonel.spi.resource.OpenApiSchema}
 * ({@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 * {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
 * {@code x-kubernetes-map-type}). Nothing here throws for bad input: results are values
 * ({@link io.timonel.kernel.patch.PatchResult}, {@link io.timonel.kernel.patch.ApplyResult})
 * that carry the HTTP status the API server answers with. Inputs are never modified.
 */
package io.timonel.kernel.patch;
