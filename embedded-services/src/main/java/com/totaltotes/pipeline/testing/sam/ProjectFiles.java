package com.totaltotes.pipeline.testing.sam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the project, found from the directory the tests run in (the module, under Maven). */
public final class ProjectFiles {
  private static final Path ROOT = findRoot();

  private ProjectFiles() {}

  /** The project's root directory: the one holding {@code sam/template.yaml} and {@code mvnw}. */
  public static Path root() {
    return ROOT;
  }

  public static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  private static Path findRoot() {
    String given = System.getProperty("totes.project.root");
    if (given != null && !given.isBlank()) {
      return Path.of(given).toAbsolutePath(); // lets a check run against a modified copy
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("sam/template.yaml"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no project root (a directory with sam/template.yaml and mvnw) above "
            + Path.of("").toAbsolutePath());
  }
}
