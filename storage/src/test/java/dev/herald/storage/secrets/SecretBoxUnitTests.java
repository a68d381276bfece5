package dev.herald.storage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxUnitTests {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final SecretBox box = new SecretBox(key(1));

  @Test
  void sealedSecret_opensToItself_andShowsNothingOfIt() {
    String ciphertext = box.seal(SECRET);

    assertThat(ciphertext).startsWith("enc:v1:" + box.keyId() + ":").doesNotContain("MfKQ9r8G");
    assertThat(box.open(ciphertext)).isEqualTo(SECRET);
    // a fresh nonce each time: equal secrets are not equal at rest
    assertThat(box.seal(SECRET)).isNotEqualTo(ciphertext);
  }

  @Test
  void secretStoredBeforeEncryption_opensAsItIs() {
    assertThat(box.open(SECRET)).isEqualTo(SECRET);
    assertThat(box.open(null)).isNull();
  }

  @Test
  void alteredValue_orAnotherKey_isRefusedSayingWhy() {
    String ciphertext = box.seal(SECRET);
    char last = ciphertext.charAt(ciphertext.length() - 3);
    String altered =
        ciphertext.substring(0, ciphertext.length() - 3)
            + (last == 'A' ? 'B' : 'A')
            + ciphertext.substring(ciphertext.length() - 2);

    assertThatThrownBy(() -> box.open(altered)).hasMessageContaining("altered");
    assertThatThrownBy(() -> new SecretBox(key(2)).open(ciphertext))
        .hasMessageContaining(box.keyId())
        .hasMessageContaining("HERALD_SECRETS_KEY");
  }

  @Test
  void previousKey_opensWhatItSealed_butOnlyTheCurrentKeySeals() {
    String old = box.seal(SECRET);
    SecretBox rotated = new SecretBox(key(2), java.util.List.of(key(1)));

    assertThat(rotated.open(old)).isEqualTo(SECRET);
    assertThat(rotated.isCurrent(old)).isFalse();
    assertThat(rotated.seal(SECRET)).startsWith("enc:v1:" + rotated.keyId() + ":");
    assertThat(rotated.opens(box.keyId())).isTrue();
  }

  @Test
  void keyFile_isMadeOnce_readableByItsOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data").resolve(SecretsKey.FILE);

    byte[] made = SecretsKey.readOrCreate(file);
    byte[] read = SecretsKey.readOrCreate(file);

    assertThat(made).hasSize(32).isEqualTo(read);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void keyThatIsNot32Bytes_isRefusedWithHowToMakeOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(SecretsKey.FILE);
    Files.writeString(file, "c2hvcnQ=");

    assertThatThrownBy(() -> SecretsKey.readOrCreate(file))
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("openssl rand -base64 32");
  }
}
