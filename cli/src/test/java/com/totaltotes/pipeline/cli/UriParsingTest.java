package com.totaltotes.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.credentials.DatabaseLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriParsingTest {

  @Test
  void parsesPostgresqlUriWithUserPasswordHostPortAndDatabase() {
    DatabaseLogin s =
        DatabaseUri.parse("--source", "postgresql://alice:s3cret@db.example.com:6543/totesys");

    assertThat(s)
        .isEqualTo(
            new DatabaseLogin("postgres", "db.example.com", 6543, "alice", "s3cret", "totesys"));
  }

  @Test
  void acceptsPostgresSchemeAndDefaultsThePortTo5432() {
    DatabaseLogin s = DatabaseUri.parse("--source", "postgres://alice:pw@localhost/warehouse");

    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.dbname()).isEqualTo("warehouse");
  }

  @Test
  void parsesJdbcUriWithUserAndPasswordInTheQuery() {
    DatabaseLogin s =
        DatabaseUri.parse(
            "--warehouse", "jdbc:postgresql://10.0.0.5:5432/dw?user=loader&password=p%40ss+word");

    assertThat(s)
        .isEqualTo(new DatabaseLogin("postgres", "10.0.0.5", 5432, "loader", "p@ss word", "dw"));
  }

  @Test
  void percentDecodesUserAndPasswordAndKeepsPlusSignsInUserInfo() {
    DatabaseLogin s =
        DatabaseUri.parse(
            "--source", "postgresql://d%C3%A9j%C3%A0:a%40b%3Ac%2Fd%25e+f@host:5432/db");

    assertThat(s.username()).isEqualTo("déjà");
    assertThat(s.password()).isEqualTo("a@b:c/d%e+f");
  }

  @Test
  void aMissingPasswordIsTheEmptyOne() {
    assertThat(DatabaseUri.parse("--source", "postgresql://alice@host/db").password()).isEmpty();
  }

  @Test
  void passwordNeverShowsInToString() {
    DatabaseLogin s = DatabaseUri.parse("--source", "postgresql://alice:topsecretpw@host/db");

    assertThat(s.toString()).doesNotContain("topsecretpw");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://alice:topsecretpw@host:5432", // no database
        "mysql://alice:topsecretpw@host:3306/db", // wrong scheme
        "postgresql://alice:top secretpw@host/db", // space: not a URI
        "postgresql://alice:topsecretpw@@host/db", // unencoded @ in the password
        "postgresql://alice:topsecretpw%zz@host/db", // malformed escape
        "postgresql://:topsecretpw@host/db", // no user
        "postgresql://alice:topsecretpw@host:70000/db", // port out of range
        "jdbc:postgresql://host/db?user=alice&password=topsecretpw&sslmode=require", // unsupported
        "topsecretpw" // not a URI at all
      })
  void badUrisFailWithAMessageThatNamesTheOptionButNotThePassword(String uri) {
    assertThatThrownBy(() -> DatabaseUri.parse("--source", uri))
        .isInstanceOf(DatabaseUriException.class)
        .hasMessageStartingWith("--source: ")
        .hasMessageNotContaining("topsecretpw")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anEmptyUriSaysWhatIsExpected() {
    assertThatThrownBy(() -> DatabaseUri.parse("--warehouse", " "))
        .isInstanceOf(DatabaseUriException.class)
        .hasMessage("--warehouse: no database URI given; " + DatabaseUri.EXPECTED);
  }
}
