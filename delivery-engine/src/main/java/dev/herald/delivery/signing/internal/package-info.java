/**
 * The signature algorithms behind {@link dev.herald.delivery.signing.Signer}, which picks one per
 * secret; they know nothing of the package above them.
 */
package dev.herald.delivery.signing.internal;
