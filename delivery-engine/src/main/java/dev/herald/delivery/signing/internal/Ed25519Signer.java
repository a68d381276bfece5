package dev.herald.delivery.signing.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** {@code v1a}: Ed25519 (RFC 8032) signature of {@code {id}.{timestamp}.{body}}, base64. */
public final class Ed25519Signer {

  private final Ed25519PrivateKeyParameters key;

  /**
   * @param seed the 32-byte private key
   */
  public Ed25519Signer(byte[] seed) {
    this.key = new Ed25519PrivateKeyParameters(seed, 0);
  }

  /** The {@code webhook-signature} value for one request. */
  public String sign(String messageId, long timestampSeconds, byte[] body) {
    var signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
    signer.init(true, key);
    byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    signer.update(prefix, 0, prefix.length);
    signer.update(body, 0, body.length);
    return "v1a," + Base64.getEncoder().encodeToString(signer.generateSignature());
  }

  /** The public key (32 bytes) of a private key. */
  public static byte[] publicKey(byte[] seed) {
    return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }
}
