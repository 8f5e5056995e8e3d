package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import com.totaltotes.pipeline.testing.lambda.LambdaEvents;
import com.totaltotes.pipeline.testing.lambda.PackagedFunction;
import com.totaltotes.pipeline.testing.lambda.PackagedFunctionExtension;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of each packaged function in JVM mode, as Lambda starts it ({@link PackagedFunction}:
 * the JVM {@code function.zip} under AWS's runtime interface client, the managed runtime's JVM
 * options, the template's environment): process start → first event answered, then the second
 * event, in ms. Each round uses fresh buckets and a fresh warehouse over a 100-order source, so the
 * first events do real work (extract of every table, transform, load with Flyway migration).
 *
 * <p>With {@code appcds} as the second argument each function first runs once with {@code
 * -XX:ArchiveClassesAtExit} (the JDK's dynamic AppCDS archive of every class it loaded) and the
 * measured rounds start with {@code -XX:SharedArchiveFile}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   com.totaltotes.pipeline.bench.ColdStartBenchmark 3 [appcds]
 * </pre>
 */
public final class ColdStartBenchmark {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> FUNCTIONS =
      List.of("ExtractFunction", "TransformFunction", "LoadFunction");

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    boolean appCds = args.length > 1 && "appcds".equals(args[1]);
    Map<String, List<String>> options = new java.util.LinkedHashMap<>();
    for (String f : FUNCTIONS) {
      options.put(f, List.of());
    }
    if (appCds) {
      for (String f : FUNCTIONS) {
        Path archive = Files.createTempFile("totes-" + f + "-", ".jsa");
        Files.delete(archive);
        round(Map.of(f, List.of("-XX:ArchiveClassesAtExit=" + archive)), List.of(f));
        options.put(f, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
      }
    }
    System.out.printf(
        "JVM packaging%s, %d rounds; ms: process start -> first event answered / second event%n",
        appCds ? " with AppCDS" : "", rounds);
    Map<String, List<long[]>> results = new java.util.LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      round(options, FUNCTIONS)
          .forEach((f, t) -> results.computeIfAbsent(f, k -> new ArrayList<>()).add(t));
    }
    results.forEach(
        (f, times) -> {
          StringBuilder line = new StringBuilder(String.format("%-18s", f));
          for (long[] t : times) {
            line.append(String.format("  %5d / %4d", t[0], t[1]));
          }
          long[] firsts = times.stream().mapToLong(t -> t[0]).sorted().toArray();
          long[] seconds = times.stream().mapToLong(t -> t[1]).sorted().toArray();
          line.append(
              String.format(
                  "   median %d / %d", firsts[firsts.length / 2], seconds[seconds.length / 2]));
          System.out.println(line);
        });
  }

  /** One round on fresh services: each function started, two events, stopped. */
  private static Map<String, long[]> round(
      Map<String, List<String>> options, List<String> functions) throws Exception {
    TemplateEvaluator stack =
        PackagedFunctionExtension.testStack("cold" + UUID.randomUUID().toString().substring(0, 6));
    PipelineTestResource.Services services =
        PipelineTestResource.startServices(
            PackagedFunctionExtension.bucketName(stack, "IngestBucket"),
            PackagedFunctionExtension.bucketName(stack, "ProcessedBucket"));
    Map<String, long[]> times = new java.util.LinkedHashMap<>();
    try {
      try (Connection c = services.postgres().connect("totesys")) {
        new TotesysGenerator().seed(c, 100, 5);
      }
      for (String function : FUNCTIONS) {
        boolean measured = functions.contains(function);
        long started = System.nanoTime();
        try (PackagedFunction f =
            PackagedFunction.start(
                stack,
                function,
                PackagedFunction.templateEnvironment(stack, function, services.secrets()),
                PackagedFunctionExtension.localEndpoints(services),
                measured ? options.getOrDefault(function, List.of()) : List.of())) {
          String event = event(function, services);
          expectOk(f, f.invoke(event, TIMEOUT));
          long first = System.nanoTime();
          expectOk(f, f.invoke(event, TIMEOUT));
          long second = System.nanoTime();
          if (measured) {
            times.put(
                function, new long[] {(first - started) / 1_000_000, (second - first) / 1_000_000});
          }
        }
      }
    } finally {
      new PipelineTestResource().stop();
    }
    return times;
  }

  private static void expectOk(PackagedFunction f, PackagedFunction.Answer answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException(f + " answered " + answer.status() + ": " + answer.body());
    }
  }

  private static String event(String function, PipelineTestResource.Services services) {
    return switch (function) {
      case "ExtractFunction" -> LambdaEvents.scheduledTick(Instant.now());
      case "TransformFunction" -> LambdaEvents.s3ObjectCreated(services.ingestBucket());
      default -> LambdaEvents.s3ObjectCreated(services.processedBucket());
    };
  }
}
