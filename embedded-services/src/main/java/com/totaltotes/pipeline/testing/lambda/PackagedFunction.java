package com.totaltotes.pipeline.testing.lambda;

import com.totaltotes.pipeline.embedded.SecretsManagerStub;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function of {@code sam/template.yaml}, run the way AWS Lambda runs it: the packaged artifact
 * the template deploys ({@code <module>/target/function.zip}) as its own process, polling a Lambda
 * Runtime API, configured by the environment variables the template gives it and nothing else but
 * the endpoints of the local services.
 *
 * <ul>
 *   <li>JVM packaging: the zip is unpacked as the task root and started by AWS's runtime interface
 *       client ({@code aws-lambda-java-runtime-interface-client}, the program the managed Java
 *       runtime runs), with the handler and the JVM options the managed runtime uses.
 *   <li>Native packaging ({@code -Dtotes.packaging=native}, in GitHub Actions): the module's native
 *       executable, which polls the Runtime API itself as {@code bootstrap} does.
 * </ul>
 *
 * <p>The Runtime API is Quarkus' mock event server, in this JVM: {@link #invoke} posts an event and
 * returns what the function answered (200 and the handler's JSON, or 500 and an error document).
 * The process's stdout and stderr go to {@link #log()}. If the process dies, the event server is
 * closed so that a pending invocation fails instead of waiting forever.
 */
public final class PackagedFunction implements AutoCloseable {
  /** The pseudo parameters of the simulated stack. */
  public static final String ACCOUNT_ID = "123456789012";

  public static final String REGION = "eu-west-2";

  private static final Pattern DYNAMIC_REFERENCE =
      Pattern.compile("\\{\\{resolve:secretsmanager:([^:}]+):SecretString:([^:}]+)}}");

  private final String name;
  private final MockEventServer runtimeApi;
  private final Process process;
  private final Path log;
  private final Path taskRoot;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PackagedFunction(
      String name, MockEventServer runtimeApi, Process process, Path log, Path taskRoot) {
    this.name = name;
    this.runtimeApi = runtimeApi;
    this.process = process;
    this.log = log;
    this.taskRoot = taskRoot;
  }

  /** The pseudo parameters CloudFormation would give the simulated stack. */
  public static Map<String, String> pseudoParameters() {
    return Map.of("AWS::AccountId", ACCOUNT_ID, "AWS::Region", REGION, "AWS::Partition", "aws");
  }

  /**
   * The stack's view of the template: every parameter at its default unless given (name, value…),
   * always with {@code Packaging} as this build packages the functions.
   */
  public static TemplateEvaluator stack(String... parameters) {
    List<String> given = new ArrayList<>(List.of(parameters));
    given.add("Packaging");
    given.add(packaging());
    return new TemplateEvaluator(SamTemplate.load(), given.toArray(String[]::new));
  }

  /** {@code native} when the native executables are under test, else {@code jvm}. */
  public static String packaging() {
    return "native".equals(System.getProperty("totes.packaging")) ? "native" : "jvm";
  }

  /**
   * The environment variables the function gets from the template in {@code stack}, with the
   * dynamic references to Secrets Manager resolved from {@code secrets} as CloudFormation resolves
   * them at deploy time.
   */
  public static Map<String, String> templateEnvironment(
      TemplateEvaluator stack, String logicalId, SecretsManagerStub secrets) {
    Map<String, String> env = new LinkedHashMap<>();
    Object environment = stack.function(logicalId).get("Environment");
    if (environment == null) {
      return env;
    }
    SamTemplate.map(SamTemplate.map(environment, "Environment").get("Variables"), "Variables")
        .forEach(
            (variable, value) ->
                env.put(variable, resolveSecrets(stack.text(value, pseudoParameters()), secrets)));
    return env;
  }

  private static String resolveSecrets(String value, SecretsManagerStub secrets) {
    Matcher ref = DYNAMIC_REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (ref.find()) {
      String secret = secrets.secretString(ref.group(1));
      if (secret == null) {
        throw new IllegalStateException("the template refers to an unknown secret " + ref.group(1));
      }
      Object field =
          com.github.tomakehurst.wiremock.common.Json.read(secret, Map.class).get(ref.group(2));
      if (field == null) {
        throw new IllegalStateException("secret " + ref.group(1) + " has no " + ref.group(2));
      }
      ref.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(field)));
    }
    return ref.appendTail(out).toString();
  }

  /**
   * Starts function {@code logicalId} of {@code stack}: its environment is {@code environment}
   * (usually {@link #templateEnvironment}) plus {@code endpoints} (where the local S3 and Secrets
   * Manager are: what AWS needs no setting for) plus what the Lambda service itself sets.
   */
  public static PackagedFunction start(
      TemplateEvaluator stack,
      String logicalId,
      Map<String, String> environment,
      Map<String, String> endpoints) {
    return start(stack, logicalId, environment, endpoints, List.of());
  }

  /** As {@link #start(TemplateEvaluator, String, Map, Map)}, with extra JVM options (JVM only). */
  public static PackagedFunction start(
      TemplateEvaluator stack,
      String logicalId,
      Map<String, String> environment,
      Map<String, String> endpoints,
      List<String> jvmOptions) {
    Map<String, Object> function = stack.function(logicalId);
    String functionName = stack.text(function.get("FunctionName"), pseudoParameters());
    Path zip =
        ProjectFiles.path("sam")
            .resolve(String.valueOf(function.get("CodeUri")))
            .normalize()
            .toAbsolutePath();
    Path target = zip.getParent();
    int memory = Integer.parseInt(stack.text(function.get("MemorySize"), pseudoParameters()));

    MockEventServer runtimeApi = new RuntimeApiServer();
    runtimeApi.start(0);
    try {
      Path log = Files.createTempFile(target, "lambda-" + logicalId + "-", ".log");
      ProcessBuilder pb = new ProcessBuilder();
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.putAll(environment);
      env.putAll(endpoints);
      // what the Lambda service sets for every function
      env.put("AWS_LAMBDA_RUNTIME_API", "localhost:" + runtimeApi.getPort() + "/_lambda_");
      env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memory));
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + logicalId);
      env.put("AWS_REGION", REGION);
      env.put("AWS_DEFAULT_REGION", REGION);
      env.put("TZ", ":UTC");
      // the role's keys come with the endpoints; no AWS_SESSION_TOKEN (S3Proxy refuses the header)
      Path taskRoot = null;
      if ("native".equals(packaging())) {
        pb.command(nativeExecutable(target).toString());
      } else {
        taskRoot = unzip(zip, Files.createTempDirectory(target, "lambda-task-"));
        String handler = String.valueOf(function.get("Handler"));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the managed Java runtime's options: serial GC, C1 only, 85% of memory as heap
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx" + (memory * 85 / 100) + "m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(runtimeInterfaceClientClasspath());
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(handler);
        pb.command(command);
        pb.directory(taskRoot.toFile());
      }
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = pb.start();
      process
          .onExit()
          .thenRun(
              () -> {
                try {
                  runtimeApi.close();
                } catch (IOException ignored) {
                  // already closed
                }
              });
      return new PackagedFunction(logicalId, runtimeApi, process, log, taskRoot);
    } catch (IOException e) {
      try {
        runtimeApi.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot start the packaged " + logicalId, e);
    }
  }

  /** Where events are posted: the mock event server's invoke endpoint. */
  public URI invokeUri() {
    return URI.create("http://localhost:" + runtimeApi.getPort() + MockEventServer.POST_EVENT);
  }

  /** The port of the mock event server (for REST-assured). */
  public int port() {
    return runtimeApi.getPort();
  }

  /** The process's stdout and stderr. */
  public Path log() {
    return log;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id, for measurements. */
  public long pid() {
    return process.pid();
  }

  /** What the function answered to one event: status 200 and its JSON, or 500 and the error. */
  public record Answer(int status, String body) {}

  /** Invokes the function with {@code event} and waits (up to {@code timeout}) for its answer. */
  public Answer invoke(String event, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(invokeUri())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(
          name + " did not answer (alive: " + process.isAlive() + "); its log: " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + name + " ran", e);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      runtimeApi.close();
      if (taskRoot != null) {
        try (Stream<Path> files = Files.walk(taskRoot)) {
          for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The runtime interface client and what it needs, from this JVM's classpath (the function modules
   * have it as a test dependency): the same classes the managed runtime puts beside the task.
   */
  static String runtimeInterfaceClientClasspath() {
    List<String> jars = new ArrayList<>();
    for (String marker :
        List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")) {
      try {
        Class<?> type = Class.forName(marker, false, PackagedFunction.class.getClassLoader());
        jars.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (ClassNotFoundException | URISyntaxException e) {
        throw new IllegalStateException(
            "add com.amazonaws:aws-lambda-java-runtime-interface-client as a test dependency: "
                + marker
                + " is missing",
            e);
      }
    }
    return String.join(java.io.File.pathSeparator, jars);
  }

  private static Path nativeExecutable(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-runner") && Files.isExecutable(f))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no native executable (*-runner) in " + target));
    }
  }

  private static Path unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
        Path to = into.resolve(e.getName()).normalize();
        if (!to.startsWith(into)) {
          throw new IOException("zip entry outside the task root: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(entries, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return into;
  }
}
