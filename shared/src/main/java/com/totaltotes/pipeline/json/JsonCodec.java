package com.totaltotes.pipeline.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The project's one JSON configuration: decimals stay exact (BigDecimal, never through double,
 * written as plain digits), java.time values as ISO strings, snake_case property names, unknown
 * properties ignored so that newer manifests stay readable by older code.
 */
public final class JsonCodec {
  private final ObjectMapper mapper;

  public JsonCodec() {
    mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
  }

  /** The configured mapper (shared, thread-safe). */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Serialises a value to UTF-8 JSON. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads one JSON document.
   *
   * @throws MalformedObjectException naming {@code where} when the bytes are not that document
   */
  public <T> T read(InputStream in, Class<T> type, String where) {
    try (in) {
      return mapper.readValue(in, type);
    } catch (JsonProcessingException e) {
      throw new MalformedObjectException(
          where + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new MalformedObjectException(where + " is truncated or corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      throw com.totaltotes.pipeline.PipelineException.transientFailure(
          "cannot read " + where + ": " + e.getMessage(), e);
    }
  }
}
