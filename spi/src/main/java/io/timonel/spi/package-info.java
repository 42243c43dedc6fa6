/**
 * Timonel's plugin API. A plugin compiles against this module alone and contributes PF4J
 * extensions of the interfaces found in the sub-packages:
 * <ul>
 *   <li>{@code resource} — resource types the API server stores and serves;</li>
 *   <li>{@code store} — the object store behind the kernel;</li>
 *   <li>{@code admission} — mutation and validation of API requests;</li>
 *   <li>{@code auth} — authentication of bearer tokens and authorization of requests.</li>
 * </ul>
 */
package io.timonel.spi;
