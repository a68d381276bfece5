/** The signature algorithms behind {@link dev.herald.delivery.signing.Signer}. */
package dev.herald.delivery.signing.internal;
