package com.totaltotes.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --report} file of {@code run}: {@code {"extract":{"rows":N,"seconds":S},
 * "transform":{"rows":N,"rejected":N,"seconds":S},"load":{"rows":N,"seconds":S}}}, seconds with
 * millisecond precision.
 */
public final class ReportFile {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The report as a JSON tree. */
  public ObjectNode toJson(CycleReport cycle) {
    ObjectNode root = mapper.createObjectNode();
    root.putObject("extract")
        .put("rows", cycle.extract().rows())
        .put("seconds", cycle.extract().seconds());
    root.putObject("transform")
        .put("rows", cycle.transform().rows())
        .put("rejected", cycle.transform().rejected())
        .put("seconds", cycle.transform().seconds());
    root.putObject("load").put("rows", cycle.load().rows()).put("seconds", cycle.load().seconds());
    return root;
  }

  /** Writes the report to {@code file} (replacing it), creating parent directories. */
  public void write(Path file, CycleReport cycle) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, mapper.writeValueAsBytes(toJson(cycle)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }
}
