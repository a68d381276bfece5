package dev.herald.storage.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files holding keys (the secrets key, the default project's API key): readable by their owner only
 * from the moment they exist, never restricted afterwards (where the file system has POSIX
 * permissions).
 */
public final class OwnerOnlyFile {

  private OwnerOnlyFile() {}

  /**
   * Creates {@code file} (and its folder) with {@code content}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when it exists (another process was first)
   */
  public static void create(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (SeekableByteChannel channel = open(file)) {
      channel.write(ByteBuffer.wrap(content));
    }
  }

  /** Writes {@code file} whole, replacing it at once (a reader never sees half of it). */
  public static void replace(Path file, byte[] content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.deleteIfExists(next);
    create(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static SeekableByteChannel open(Path file) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return Files.newByteChannel(
          file,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.newByteChannel(file, options);
    }
  }
}
