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
 * Cold start and peak memory of each packaged function, as Lambda starts it ({@link
 * PackagedFunction}: the JVM {@code function.zip} under AWS's runtime interface client with the
 * managed runtime's JVM options, or with {@code -Dtotes.packaging=native} the native executable;
 * the template's environment): process start → first event answered, then the second event, in ms,
 * and the process's peak RSS ({@code VmHWM}) after both; then "idle": a new process sent the same
 * event once the work is done, process start → answered (the start-up and one call that finds
 * nothing, or for the extract an empty run). Each round uses fresh buckets and a fresh warehouse
 * over a source of {@code orders} sales orders (default 100), so the first events do real work
 * (extract of every table, transform, load with Flyway migration).
 *
 * <p>With {@code appcds} as the third argument each JVM function first runs once with {@code
 * -XX:ArchiveClassesAtExit} (the JDK's dynamic AppCDS archive of every class it loaded) and the
 * measured rounds start with {@code -XX:SharedArchiveFile}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java [-Dtotes.packaging=native] -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   com.totaltotes.pipeline.bench.ColdStartBenchmark ROUNDS [ORDERS [appcds]]
 * </pre>
 */
public final class ColdStartBenchmark {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> FUNCTIONS =
      List.of("ExtractFunction", "TransformFunction", "LoadFunction");

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean appCds = args.length > 2 && "appcds".equals(args[2]);
    Map<String, List<String>> options = new java.util.LinkedHashMap<>();
    for (String f : FUNCTIONS) {
      options.put(f, List.of());
    }
    if (appCds) {
      for (String f : FUNCTIONS) {
        Path archive = Files.createTempFile("totes-" + f + "-", ".jsa");
        Files.delete(archive);
        round(Map.of(f, List.of("-XX:ArchiveClassesAtExit=" + archive)), List.of(f), orders);
        options.put(f, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
      }
    }
    System.out.printf(
        "%s packaging%s, %d orders, %d rounds; ms: process start -> first event answered / second"
            + " event (peak RSS MB; idle: a new process, nothing pending: start -> answered)%n",
        PackagedFunction.packaging(), appCds ? " with AppCDS" : "", orders, rounds);
    Map<String, List<long[]>> results = new java.util.LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      round(options, FUNCTIONS, orders)
          .forEach((f, t) -> results.computeIfAbsent(f, k -> new ArrayList<>()).add(t));
    }
    results.forEach(
        (f, times) -> {
          StringBuilder line = new StringBuilder(String.format("%-18s", f));
          for (long[] t : times) {
            line.append(String.format("  %5d / %4d (%d MB; idle %d)", t[0], t[1], t[2], t[3]));
          }
          line.append(
              String.format(
                  "   median %d / %d, %d MB; idle %d",
                  median(times, 0), median(times, 1), median(times, 2), median(times, 3)));
          System.out.println(line);
        });
  }

  private static long median(List<long[]> times, int index) {
    long[] sorted = times.stream().mapToLong(t -> t[index]).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** The process's peak resident set, in MB, from {@code /proc/<pid>/status}. */
  private static long peakRssMb(long pid) throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
            .filter(l -> l.startsWith("VmHWM:"))
            .map(l -> l.replaceAll("\\D", ""))
            .mapToLong(Long::parseLong)
            .findFirst()
            .orElseThrow()
        / 1024;
  }

  /** One round on fresh services: each function started, two events, stopped. */
  private static Map<String, long[]> round(
      Map<String, List<String>> options, List<String> functions, int orders) throws Exception {
    TemplateEvaluator stack =
        PackagedFunctionExtension.testStack("cold" + UUID.randomUUID().toString().substring(0, 6));
    PipelineTestResource.Services services =
        PipelineTestResource.startServices(
            PackagedFunctionExtension.bucketName(stack, "IngestBucket"),
            PackagedFunctionExtension.bucketName(stack, "ProcessedBucket"));
    Map<String, long[]> times = new java.util.LinkedHashMap<>();
    try {
      try (Connection c = services.postgres().connect("totesys")) {
        new TotesysGenerator().seed(c, orders, 5);
      }
      for (String function : FUNCTIONS) {
        boolean measured = functions.contains(function);
        long started = System.nanoTime();
        try (PackagedFunction f =
            start(
                stack,
                function,
                services,
                measured ? options.getOrDefault(function, List.of()) : List.of())) {
          String event = event(function, services);
          expectOk(f, f.invoke(event, TIMEOUT));
          long first = System.nanoTime();
          expectOk(f, f.invoke(event, TIMEOUT));
          long second = System.nanoTime();
          if (measured) {
            times.put(
                function,
                new long[] {
                  (first - started) / 1_000_000, (second - first) / 1_000_000, peakRssMb(f.pid()), 0
                });
          }
        }
        if (measured) { // a new process with nothing left to do: the start-up alone, and one call
          long restarted = System.nanoTime();
          try (PackagedFunction f =
              start(stack, function, services, options.getOrDefault(function, List.of()))) {
            expectOk(f, f.invoke(event(function, services), TIMEOUT));
            times.get(function)[3] = (System.nanoTime() - restarted) / 1_000_000;
          }
        }
      }
    } finally {
      new PipelineTestResource().stop();
    }
    return times;
  }

  /** The packaged function started as the template configures it, against the local services. */
  private static PackagedFunction start(
      TemplateEvaluator stack,
      String function,
      PipelineTestResource.Services services,
      List<String> jvmOptions) {
    return PackagedFunction.start(
        stack,
        function,
        PackagedFunction.templateEnvironment(stack, function, services.secrets()),
        PackagedFunctionExtension.localEndpoints(services),
        jvmOptions);
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
