package dev.herald.delivery.signing.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code v1}: HMAC-SHA256 of {@code {id}.{timestamp}.{body}}, base64. */
public final class HmacSigner {

  private final SecretKeySpec key;

  public HmacSigner(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The {@code webhook-signature} value for one request. */
  public String sign(String messageId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
