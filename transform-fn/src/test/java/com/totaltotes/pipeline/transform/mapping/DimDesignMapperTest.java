package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimDesignMapperTest {
  private final DimDesignMapper mapper = new DimDesignMapper();

  private final SourceRow design =
      source(
          SourceTable.DESIGN,
          row()
              .set("design_id", 8)
              .set("created_at", "2022-11-03T14:20:49.962")
              .set("design_name", "Wooden")
              .set("file_location", "/usr")
              .set("file_name", "wooden-20220717-npgz.json")
              .set("last_updated", "2022-11-03T14:20:49.962"));

  @Test
  void mapsTheDesignColumnForColumn() {
    assertThat(mapper.map(design))
        .containsExactlyEntriesOf(
            row()
                .set("design_id", 8)
                .set("design_name", "Wooden")
                .set("file_location", "/usr")
                .set("file_name", "wooden-20220717-npgz.json"));
  }

  @Test
  void rejectsANullDesignName() {
    assertThatThrownBy(() -> mapper.map(with(design, "design_name", null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column design_name");
  }

  @Test
  void rejectsAnIdThatIsNotAWholeNumber() {
    assertThatThrownBy(() -> mapper.map(with(design, "design_id", "8")))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("design_id '8' is not a number");
  }
}
