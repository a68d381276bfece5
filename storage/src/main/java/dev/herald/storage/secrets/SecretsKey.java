package dev.herald.storage.secrets;

import dev.herald.storage.database.DatabaseEnvironmentPostProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where the secrets key comes from: {@code HERALD_SECRETS_KEY} (base64 of 32 bytes) when set,
 * otherwise {@code secrets.key} in {@code HERALD_DATA_DIR}, made on first start (readable by its
 * owner only). Instances sharing a database must share the key: set it on each. To change the key,
 * start with the new one in {@code HERALD_SECRETS_KEY} and the old one(s) in {@code
 * HERALD_SECRETS_PREVIOUS_KEYS} (comma-separated): the start re-seals everything under the new key,
 * after which the old ones can go.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsKey {

  static final String PROPERTY = "herald.secrets-key";
  static final String PREVIOUS_PROPERTY = "herald.secrets-previous-keys";
  static final String FILE = "secrets.key";
  private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);

  @Bean
  SecretBox secretBox(Environment environment) {
    List<byte[]> previous = new ArrayList<>();
    for (String old : environment.getProperty(PREVIOUS_PROPERTY, "").split(",")) {
      if (!old.isBlank()) {
        previous.add(decode(old, "HERALD_SECRETS_PREVIOUS_KEYS"));
      }
    }
    String configured = environment.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new SecretBox(decode(configured, "HERALD_SECRETS_KEY"), previous);
    }
    String dataDir =
        environment.getProperty(
            DatabaseEnvironmentPostProcessor.EMBEDDED_DIR_PROPERTY,
            environment.getProperty(
                "herald.data-dir", DatabaseEnvironmentPostProcessor.DEFAULT_DATA_DIR));
    return new SecretBox(readOrCreate(Path.of(dataDir).resolve(FILE)), previous);
  }

  /** The key in {@code file}, made there first if there is none. */
  static byte[] readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
          OwnerOnlyFile.create(
              file,
              (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
          log.info("Made the secrets key {} (keep it with the database)", file.toAbsolutePath());
          return key;
        } catch (FileAlreadyExistsException anotherInstanceWasFirst) {
          // read theirs below
        }
      }
      return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or make the secrets key " + file, e);
    }
  }

  private static byte[] decode(String text, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != 32) {
      throw new IllegalStateException(
          source + " must be the base64 of 32 bytes (make one with: openssl rand -base64 32)");
    }
    return key;
  }
}
