package com.totaltotes.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the docs say about the functions' settings stays true: every environment variable of a
 * function they name is one a function reads, and a default they state is the one its settings
 * interface declares.
 */
class DocsTest {
  private static final List<String> DOCS =
      List.of(
          "README.md",
          "docs/ARCHITECTURE.md",
          "docs/DEPLOY.md",
          "docs/CONTRACT.md",
          "benchmarks/README.md");

  /** A function's variables: its settings' names, the buckets, secrets and JDBC URLs. */
  private static final Pattern FUNCTION_VARIABLE =
      Pattern.compile(
          "`((?:EXTRACT|TRANSFORM|LOAD|DB|CREDENTIALS|SECRETS|INGEST|PROCESSED|TOTESYS|WAREHOUSE)"
              + "_[A-Z0-9_]+)`");

  /** "`NAME`, default VALUE" or "`NAME` / `--option`, default VALUE". */
  private static final Pattern STATED_DEFAULT =
      Pattern.compile(
          "`([A-Z][A-Z0-9_]+)`(?: / `[^`]+`)?, default (\\d{1,3}(?:,\\d{3})+|[^\\s),;]+)");

  @Test
  void everyFunctionVariableTheDocsNameIsRead() {
    Set<String> read = new HashSet<>();
    for (String module : List.of("extract-fn", "transform-fn", "load-fn", "shared")) {
      SettingsSource settings = SettingsSource.of(module);
      read.addAll(settings.required());
      read.addAll(settings.optional());
    }
    // the datasource URLs of application.properties, built by the template
    read.addAll(List.of("TOTESYS_JDBC_URL", "WAREHOUSE_JDBC_URL"));
    // the template's parameters and the deploy workflow's variables, not a function's
    Set<String> notFunctions = Set.of("TOTESYS_SECRET_ARN", "WAREHOUSE_SECRET_ARN");
    for (String doc : DOCS) {
      Matcher m = FUNCTION_VARIABLE.matcher(ProjectFiles.read(doc));
      while (m.find()) {
        if (!notFunctions.contains(m.group(1))) {
          assertThat(read).as("%s names %s", doc, m.group(1)).contains(m.group(1));
        }
      }
    }
    assertThat(ProjectFiles.read("docs/ARCHITECTURE.md"))
        .as("the check found something to check")
        .contains("`EXTRACT_WORKERS`");
  }

  @Test
  void everyDefaultTheDocsStateIsTheDeclaredOne() {
    Map<String, String> defaults = new HashMap<>();
    for (String module : List.of("extract-fn", "transform-fn", "load-fn", "shared")) {
      defaults.putAll(SettingsSource.of(module).defaults());
    }
    int checked = 0;
    for (String doc : DOCS) {
      Matcher m = STATED_DEFAULT.matcher(ProjectFiles.read(doc));
      while (m.find()) {
        if (defaults.containsKey(m.group(1))) {
          // a number may be written with thousands separators (1,000,000)
          assertThat(m.group(2).matches("[\\d,]+") ? m.group(2).replace(",", "") : m.group(2))
              .as("%s: the default of %s", doc, m.group(1))
              .isEqualTo(defaults.get(m.group(1)));
          checked++;
        }
      }
    }
    assertThat(checked).as("defaults stated in the docs").isGreaterThanOrEqualTo(3);
  }

  /**
   * The project's documents stand alone: no file cites the team's design brief, which is not in the
   * repository (its contract is docs/CONTRACT.md). The warehouse's first Flyway migration keeps its
   * old comment: Flyway checksums applied migrations, comments included.
   */
  @Test
  void noFileCitesADocumentOutsideTheRepository() throws java.io.IOException {
    Pattern citation = Pattern.compile("DESIGN(\\.md| ?§|'s)");
    Set<String> kinds = Set.of("md", "java", "yaml", "yml", "sql", "sh", "properties");
    List<java.nio.file.Path> files;
    try (java.util.stream.Stream<java.nio.file.Path> walk =
        java.nio.file.Files.walk(ProjectFiles.root())) {
      files =
          walk.filter(java.nio.file.Files::isRegularFile)
              .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
              .filter(f -> kinds.contains(f.toString().replaceAll(".*\\.", "")))
              .filter(f -> !f.endsWith("V1__warehouse_schema.sql"))
              .toList();
    }
    for (java.nio.file.Path f : files) {
      Matcher m = citation.matcher(java.nio.file.Files.readString(f));
      assertThat(m.find())
          .as("%s cites the design brief", ProjectFiles.root().relativize(f))
          .isFalse();
    }
    assertThat(files).as("files checked").hasSizeGreaterThan(100);
  }
}
