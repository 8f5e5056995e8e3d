package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.credentials.DatabaseLogin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Parses the database URIs of the command line into a {@link DatabaseLogin}:
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/dbname} (also {@code postgres://}); user and
 *       password are percent-decoded ({@code %40} for {@code @}), {@code +} stays a plus;
 *   <li>{@code jdbc:postgresql://host:port/dbname?user=…&password=…}, read by pgjdbc's own URL
 *       parser ({@link Driver#parseURL}); the query is form-decoded.
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
  private static final Set<String> JDBC_PROPERTIES =
      Set.of(
          PGProperty.PG_HOST.getName(),
          PGProperty.PG_PORT.getName(),
          PGProperty.PG_DBNAME.getName(),
          PGProperty.USER.getName(),
          PGProperty.PASSWORD.getName());

  private DatabaseUri() {}

  /**
   * Parses {@code text}, the value of {@code option} (named in messages).
   *
   * @throws DatabaseUriException saying what is wrong and what is expected, without the URI itself
   */
  public static DatabaseLogin parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new DatabaseUriException(option + ": no database URI given; " + EXPECTED);
    }
    String trimmed = text.strip();
    if (trimmed.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return jdbc(option, trimmed);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new DatabaseUriException(
          option
              + ": not a valid URI ("
              + e.getReason()
              + " at character "
              + (e.getIndex() + 1)
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
    if (uri.getRawQuery() != null) {
      throw new DatabaseUriException(
          option + ": parameters are not supported in a postgresql:// URI; " + EXPECTED);
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
    return login(
        option,
        uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        user,
        password,
        dbname);
  }

  /** A JDBC URL, read by the driver's own parser (query values form-decoded). */
  private static DatabaseLogin jdbc(String option, String url) {
    Properties p = Driver.parseURL(url, null);
    if (p == null) {
      throw new DatabaseUriException(option + ": not a valid PostgreSQL JDBC URL; " + EXPECTED);
    }
    for (String name : p.stringPropertyNames()) {
      if (!JDBC_PROPERTIES.contains(name)) {
        throw new DatabaseUriException(
            option + ": URI parameter '" + name + "' is not supported (only user and password)");
      }
    }
    String host = p.getProperty(PGProperty.PG_HOST.getName(), "");
    String port = p.getProperty(PGProperty.PG_PORT.getName(), "");
    if (host.isEmpty() || host.contains(",")) {
      throw new DatabaseUriException(
          option + ": the URI names no host, or more than one; " + EXPECTED);
    }
    String dbname = p.getProperty(PGProperty.PG_DBNAME.getName(), "");
    if (dbname.isEmpty() || dbname.contains("/")) {
      throw new DatabaseUriException(
          option + ": the URI names no database (or more than one path segment); " + EXPECTED);
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new DatabaseUriException(option + ": the port is not a number; " + EXPECTED);
    }
    return login(
        option,
        host,
        portNumber,
        p.getProperty(PGProperty.USER.getName()),
        p.getProperty(PGProperty.PASSWORD.getName()),
        dbname);
  }

  private static DatabaseLogin login(
      String option, String host, int port, String user, String password, String dbname) {
    if (user == null || user.isEmpty()) {
      throw new DatabaseUriException(option + ": the URI names no user; " + EXPECTED);
    }
    if (port == 0 || port > 65535) {
      throw new DatabaseUriException(option + ": port out of range 1..65535: " + port);
    }
    return new DatabaseLogin(
        "postgres", host, port, user, password == null ? "" : password, dbname);
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

  private static DatabaseUriException malformed(String option, String what) {
    return new DatabaseUriException(
        option
            + ": malformed percent-encoding in the "
            + what
            + " (use %XX with two hex digits, e.g. %25 for %)");
  }
}
