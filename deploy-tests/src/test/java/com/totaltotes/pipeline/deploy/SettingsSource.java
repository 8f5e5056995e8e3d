package com.totaltotes.pipeline.deploy;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a module's {@code @ConfigMapping(prefix = "")} interfaces read, found
 * in their source (this module depends on no project module): every abstract method is a setting, a
 * method returning a nested interface a group ({@code extract()}: {@code extract.*}); a setting's
 * variable is its name in upper case with '_' for '.' and '-', as SmallRye Config maps it. A
 * setting with {@code @WithDefault} or of an {@code Optional} type is optional.
 */
record SettingsSource(Set<String> required, Set<String> optional, Map<String, String> defaults) {
  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
  private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)");
  private static final Pattern ABSTRACT_METHOD =
      Pattern.compile("^\\s*([\\w.<>, ]+?)\\s+(\\w+)\\(\\);\\s*$");

  /** The settings of every mapping interface under {@code module}/src/main/java. */
  static SettingsSource of(String module) {
    Set<String> required = new TreeSet<>();
    Set<String> optional = new TreeSet<>();
    Map<String, String> defaults = new HashMap<>();
    try (Stream<Path> files = Files.walk(ProjectFiles.path(module + "/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (source.contains("@ConfigMapping(prefix = \"\")")) {
          read(source, required, optional, defaults);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SettingsSource(required, optional, defaults);
  }

  private static void read(
      String source, Set<String> required, Set<String> optional, Map<String, String> defaults) {
    // nested interface name -> its prefix, from the group methods of the top interface
    Map<String, String> groups = new HashMap<>();
    String[] lines = source.split("\n");
    int depth = 0;
    String current = null;
    String withDefault = null;
    // the top interface declares its groups before the nested interfaces (a second pass reads them)
    for (int pass = 0; pass < 2; pass++) {
      depth = 0;
      for (String line : lines) {
        Matcher nested = INTERFACE.matcher(line);
        if (depth == 1 && nested.find()) {
          current = nested.group(1);
        }
        Matcher m = ABSTRACT_METHOD.matcher(line);
        if (m.matches() && !line.contains("return ")) {
          String type = m.group(1).trim();
          String name = kebab(m.group(2));
          if (depth == 1
              && !type.contains(".")
              && Character.isUpperCase(type.charAt(0))
              && source.contains("interface " + type + " ")) {
            groups.put(type, name);
          } else if (pass == 1) {
            String prefix = depth == 1 ? "" : groups.get(current) + ".";
            String env = (prefix + name).toUpperCase().replaceAll("[.-]", "_");
            (withDefault != null || type.startsWith("Optional<") ? optional : required).add(env);
            if (withDefault != null) {
              defaults.put(env, withDefault);
            }
          }
        }
        Matcher d = WITH_DEFAULT.matcher(line);
        withDefault = d.find() ? d.group(1) : null;
        depth += count(line, '{') - count(line, '}');
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  private static int count(String line, char c) {
    return (int) line.chars().filter(x -> x == c).count();
  }
}
