package io.timonel.kernel.objects;

import io.timonel.spi.auth.UserInfo;

/**
 * How a write is made.
 *
 * @param user            the caller
 * @param dryRun          {@code dryRun=All}: run every step but persist nothing
 * @param fieldManager    the manager recorded in managedFields
 * @param fieldValidation   Strict, Warn or Ignore: what unknown or duplicate fields cause
 * @param ownershipRecorded the change already carries its managedFields (server-side apply), so
 *                          the write must not record an Update entry for the manager as well
 */
public record WriteOptions(UserInfo user, boolean dryRun, String fieldManager, FieldValidation fieldValidation,
                           boolean ownershipRecorded) {

    /** What unknown fields in a request cause (the {@code fieldValidation} query parameter). */
    public enum FieldValidation { STRICT, WARN, IGNORE }

    /** The same options for a server-side apply, whose engine records field ownership itself. */
    public WriteOptions asApply() {
        return new WriteOptions(user, dryRun, fieldManager, fieldValidation, true);
    }

    /** Options for the kernel's own writes. */
    public static WriteOptions system(String manager) {
        return new WriteOptions(new UserInfo("system:timonel", "", java.util.Set.of("system:masters")), false, manager,
                FieldValidation.IGNORE, false);
    }
}
