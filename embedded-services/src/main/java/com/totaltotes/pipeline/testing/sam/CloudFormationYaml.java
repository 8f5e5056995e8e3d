package com.totaltotes.pipeline.testing.sam;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML the way CloudFormation does: the short-form intrinsic tags become their long form
 * ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !Sub s} is {@code {"Fn::Sub": s}}, {@code !GetAtt
 * A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}), so a test can look at a template as plain maps and
 * lists. Plain YAML (the workflows) reads the same way.
 */
public final class CloudFormationYaml {
  private static final List<String> FUNCTIONS =
      List.of(
          "And",
          "Base64",
          "Cidr",
          "Equals",
          "FindInMap",
          "GetAZs",
          "If",
          "ImportValue",
          "Join",
          "Length",
          "Not",
          "Or",
          "Select",
          "Split",
          "Sub",
          "ToJsonString",
          "Transform",
          // the functions of a Rules assertion
          "Contains",
          "EachMemberEquals",
          "EachMemberIn",
          "RefAll",
          "ValueOf",
          "ValueOfAll");

  private CloudFormationYaml() {}

  /** The document in {@code file}, a map at the top. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(Path file) {
    Yaml yaml = new Yaml(new IntrinsicConstructor(new LoaderOptions()));
    try (Reader in = Files.newBufferedReader(file)) {
      Object document = yaml.load(in);
      if (!(document instanceof Map)) {
        throw new IllegalArgumentException(file + " is not a YAML mapping");
      }
      return (Map<String, Object>) document;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor(LoaderOptions options) {
      super(options);
      for (String function : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
      }
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
      yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
    }

    private Object valueOf(Node node) {
      if (node instanceof ScalarNode scalar) {
        return constructScalar(scalar);
      }
      if (node instanceof SequenceNode sequence) {
        return constructSequence(sequence);
      }
      return constructMapping((MappingNode) node);
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String name;

      Intrinsic(String name) {
        this.name = name;
      }

      @Override
      public Object construct(Node node) {
        return Map.of(name, valueOf(node));
      }
    }

    private final class GetAtt extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value = valueOf(node);
        if (value instanceof String text) {
          int dot = text.indexOf('.');
          if (dot < 0) {
            throw new IllegalArgumentException("!GetAtt " + text + " has no attribute");
          }
          List<Object> parts = new ArrayList<>();
          parts.add(text.substring(0, dot));
          parts.add(text.substring(dot + 1));
          return Map.of("Fn::GetAtt", parts);
        }
        return Map.of("Fn::GetAtt", value);
      }
    }
  }
}
