package com.totaltotes.pipeline.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.manifest.FileEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How a table's ingest files are cut into slices for the workers ({@link TransformRun#slices}). */
class TransformSlicesTest {

  @Test
  void everyFileOnceInOrderInBalancedSlices() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      int count = 1 + random.nextInt(4);
      List<FileEntry> files = new ArrayList<>();
      int n = random.nextInt(9);
      for (int i = 0; i < n; i++) {
        long rows = random.nextInt(4) == 0 ? random.nextInt(10) : 50_000 + random.nextInt(100_000);
        files.add(new FileEntry("t/part-" + i, rows, 100, "0".repeat(64)));
      }
      List<List<FileEntry>> slices = TransformRun.slices(files, count);

      assertThat(slices.stream().flatMap(List::stream).toList()).isEqualTo(files);
      assertThat(slices).hasSize(Math.max(1, Math.min(count, n)));
      if (n > 0) {
        assertThat(slices).allSatisfy(slice -> assertThat(slice).isNotEmpty());
      }
      long total = files.stream().mapToLong(FileEntry::rows).sum();
      long largestFile = files.stream().mapToLong(FileEntry::rows).max().orElse(0);
      for (List<FileEntry> slice : slices) {
        long rows = slice.stream().mapToLong(FileEntry::rows).sum();
        assertThat(rows).isLessThanOrEqualTo(total / slices.size() + largestFile);
      }
    }
  }

  @Test
  void twoEqualFilesGoToTwoWorkers() {
    List<FileEntry> files =
        List.of(
            new FileEntry("a", 1_000_000, 1, "0".repeat(64)),
            new FileEntry("b", 430_000, 1, "0".repeat(64)));
    assertThat(TransformRun.slices(files, 2))
        .containsExactly(List.of(files.get(0)), List.of(files.get(1)));
    assertThat(TransformRun.slices(files, 1)).containsExactly(files);
    assertThat(TransformRun.slices(List.of(), 2)).containsExactly(List.of());
  }
}
