package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.DatabaseSecret;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses the database URIs of the command line into a {@link DatabaseSecret}:
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/dbname} (also {@code postgres://}); user and
 *       password are percent-decoded ({@code %40} for {@code @}), {@code +} stays a plus;
 *   <li>{@code jdbc:postgresql://host:port/dbname?user=…&password=…}; the query is form-decoded.
 * </ul>
 *
 * The port defaults to 5432 and a missing password to the empty one (for trust or peer logins). No
 * message ever repeats the URI, so a password cannot leak through an error.
 */
public final class DatabaseUri {
  static final String EXPECTED =
      "expected postgresql://user:password@host:port/dbname"
          + " or jdbc:postgresql://host:port/dbname?user=...&password=...";
  private static final int DEFAULT_PORT = 5432;

  private DatabaseUri() {}

  /**
   * Parses {@code text}, the value of {@code option} (named in messages).
   *
   * @throws DatabaseUriException saying what is wrong and what is expected, without the URI itself
   */
  public static DatabaseSecret parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new DatabaseUriException(option + ": no database URI given; " + EXPECTED);
    }
    String trimmed = text.strip();
    boolean jdbc = trimmed.regionMatches(true, 0, "jdbc:", 0, 5);
    URI uri;
    try {
      uri = new URI(jdbc ? trimmed.substring(5) : trimmed);
    } catch (URISyntaxException e) {
      throw new DatabaseUriException(
          option
              + ": not a valid URI ("
              + e.getReason()
              + " at character "
              + (e.getIndex() + (jdbc ? 6 : 1))
              + "); "
              + EXPECTED
              + "; percent-encode special characters of the password, e.g. %40 for @");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw new DatabaseUriException(
          option
              + ": unsupported scheme '"
              + (uri.getScheme() == null ? "" : uri.getScheme())
              + "'; "
              + EXPECTED);
    }
    if (uri.getHost() == null) {
      throw new DatabaseUriException(
          option
              + ": the URI names no host; "
              + EXPECTED
              + " (percent-encode @, /, ?, # and : in the user name or password, e.g. %40 for @)");
    }
    String dbname = dbname(option, uri);
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = percentDecode(option, "user name", colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : percentDecode(option, "password", info.substring(colon + 1));
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = formDecode(option, eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : formDecode(option, pair.substring(eq + 1));
        switch (name) {
          case "user" -> user = value;
          case "password" -> password = value;
          default ->
              throw new DatabaseUriException(
                  option
                      + ": URI parameter '"
                      + name
                      + "' is not supported (only user and password)");
        }
      }
    }
    if (user == null || user.isEmpty()) {
      throw new DatabaseUriException(option + ": the URI names no user; " + EXPECTED);
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    if (port == 0 || port > 65535) {
      throw new DatabaseUriException(option + ": port out of range 1..65535: " + port);
    }
    return new DatabaseSecret(
        "postgres", uri.getHost(), port, user, password == null ? "" : password, dbname);
  }

  private static String dbname(String option, URI uri) {
    String path = uri.getRawPath();
    String name =
        path == null || path.length() <= 1
            ? ""
            : percentDecode(option, "database name", path.substring(1));
    if (name.isEmpty() || name.contains("/")) {
      throw new DatabaseUriException(
          option + ": the URI names no database (or more than one path" + " segment); " + EXPECTED);
    }
    return name;
  }

  /** RFC 3986 percent-decoding (UTF-8); unlike form decoding, '+' stays a plus. */
  private static String percentDecode(String option, String what, String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int cp = raw.codePointAt(i);
      if (cp == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw malformed(option, what);
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        byte[] encoded = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String formDecode(String option, String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed(option, "query parameter");
    }
  }

  private static DatabaseUriException malformed(String option, String what) {
    return new DatabaseUriException(
        option
            + ": malformed percent-encoding in the "
            + what
            + " (use %XX with two hex digits, e.g. %25 for %)");
  }
}
