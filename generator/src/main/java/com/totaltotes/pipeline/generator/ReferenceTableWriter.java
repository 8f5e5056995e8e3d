package com.totaltotes.pipeline.generator;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the seven reference tables (address, counterparty, currency, department, design, staff,
 * payment_type) with COPY. Ids are dense from 1; values depend only on the seed and the timeline.
 */
final class ReferenceTableWriter {

  private static final String STAMPS = "created_at, last_updated";

  private final long seed;
  private final Timeline timeline;
  private final ReferenceSizes sizes;

  ReferenceTableWriter(long seed, Timeline timeline, ReferenceSizes sizes) {
    this.seed = seed;
    this.timeline = timeline;
    this.sizes = sizes;
  }

  /** Writes every reference table and records its row count in {@code rows}. */
  void writeAll(Connection c, Map<String, Long> rows) throws SQLException {
    rows.put("address", addresses(c));
    rows.put("counterparty", counterparties(c));
    rows.put("currency", currencies(c));
    rows.put("department", departments(c));
    rows.put("design", designs(c));
    rows.put("staff", staff(c));
    rows.put("payment_type", paymentTypes(c));
  }

  private long addresses(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.ADDRESS);
    String columns =
        "address_id, address_line_1, address_line_2, district, city, postal_code, "
            + "country, phone, "
            + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.ADDRESS.sqlName(), columns)) {
      for (int i = 0; i < sizes.addresses(); i++) {
        String[] a = i < AWKWARD_ADDRESSES.length ? AWKWARD_ADDRESSES[i] : randomAddress(r);
        w.integer(i + 1)
            .text(a[0])
            .text(a[1])
            .text(a[2])
            .text(a[3])
            .text(a[4])
            .text(a[5])
            .text(OrderValues.phone(r));
        stamps(w, r, 0, i);
      }
      return w.finish();
    }
  }

  /** line 1, line 2, district, city, postal code, country: escaping and NULL cases first. */
  private static final String[][] AWKWARD_ADDRESSES = {
    {"12 O'Connell Street", null, null, "Dublin", "D01 F5P2", "Ireland"},
    {"Flat 2\nThe Old Mill", "Mill Lane", "Berkshire", "Leeds", "LS1 4AP", "United Kingdom"},
    {
      "Unit 4\\5 Station Approach",
      "\"The Maltings\"",
      null,
      "Manchester",
      "M1 2AB",
      "United Kingdom"
    },
    {"1-2-3 Shibuya", null, "Kantō", "東京", "150-0002", "Japan"},
    {"Rua do Ñandú 77", "Conjunto 12", null, "São Paulo", "05433-000", "Brazil"},
  };

  private static String[] randomAddress(SplittableRandom r) {
    String[] city = pick(r, ReferenceData.CITIES);
    String line2 =
        r.nextInt(10) < 4 ? null : (r.nextBoolean() ? "Apt. " : "Suite ") + r.nextInt(1, 999);
    String district = r.nextInt(10) < 4 ? null : pick(r, ReferenceData.DISTRICTS);
    return new String[] {
      r.nextInt(1, 9999) + " " + pick(r, ReferenceData.STREETS),
      line2,
      district,
      city[0],
      String.format(Locale.ROOT, "%05d", r.nextInt(100_000)),
      city[1]
    };
  }

  private long counterparties(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.COUNTERPARTY);
    String columns =
        "counterparty_id, counterparty_legal_name, legal_address_id, "
            + "commercial_contact, delivery_contact, "
            + STAMPS;
    List<String> names = ReferenceData.COUNTERPARTY_NAMES;
    try (CopyTextEncoder w =
        CopyTextEncoder.open(c, TotesysTable.COUNTERPARTY.sqlName(), columns)) {
      for (int i = 0; i < sizes.counterparties(); i++) {
        String name =
            names.get(i % names.size()) + (i < names.size() ? "" : " " + (i / names.size() + 1));
        String commercial = i == 0 || r.nextInt(4) == 0 ? null : fullName(r);
        String delivery = i == 1 || r.nextInt(4) == 0 ? null : fullName(r);
        w.integer(i + 1)
            .text(name)
            .integer(i % sizes.addresses() + 1)
            .text(commercial)
            .text(delivery);
        stamps(w, r, 1, i);
      }
      return w.finish();
    }
  }

  private long currencies(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.CURRENCY);
    List<String> codes = ReferenceData.CURRENCY_CODES;
    try (CopyTextEncoder w =
        CopyTextEncoder.open(
            c, TotesysTable.CURRENCY.sqlName(), "currency_id, currency_code, " + STAMPS)) {
      for (int i = 0; i < sizes.currencies(); i++) {
        w.integer(i + 1).text(codes.get(i % codes.size()));
        stamps(w, r, 2, i);
      }
      return w.finish();
    }
  }

  private long departments(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.DEPARTMENT);
    List<ReferenceData.Department> departments = ReferenceData.DEPARTMENTS;
    String columns = "department_id, department_name, location, manager, " + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.DEPARTMENT.sqlName(), columns)) {
      for (int i = 0; i < sizes.departments(); i++) {
        ReferenceData.Department d = departments.get(i % departments.size());
        w.integer(i + 1).text(d.name()).text(d.location()).text(d.manager());
        stamps(w, r, 3, i);
      }
      return w.finish();
    }
  }

  private long designs(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.DESIGN);
    String columns = "design_id, design_name, file_location, file_name, " + STAMPS;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.DESIGN.sqlName(), columns)) {
      for (int i = 0; i < sizes.designs(); i++) {
        String name = i == 1 ? "Tote\tDeluxe" : pick(r, ReferenceData.DESIGN_NAMES);
        String location =
            i == 0 ? "\\\\fileserver\\designs\\2022" : pick(r, ReferenceData.FILE_LOCATIONS);
        LocalDate drawn =
            LocalDate.ofEpochDay(Timeline.dayOf(timeline.baseMillis()) - r.nextInt(365));
        String fileName =
            ascii(name)
                + "-"
                + drawn.format(DateTimeFormatter.BASIC_ISO_DATE)
                + "-"
                + OrderValues.itemCode(r).toLowerCase(Locale.ROOT).substring(0, 4)
                + ".json";
        w.integer(i + 1).text(name).text(location).text(fileName);
        stamps(w, r, 4, i);
      }
      return w.finish();
    }
  }

  private long staff(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.STAFF);
    String columns = "staff_id, first_name, last_name, department_id, email_address, " + STAMPS;
    List<String> first = ReferenceData.FIRST_NAMES;
    List<String> last = ReferenceData.LAST_NAMES;
    try (CopyTextEncoder w = CopyTextEncoder.open(c, TotesysTable.STAFF.sqlName(), columns)) {
      for (int i = 0; i < sizes.staff(); i++) {
        // the first rows pair the awkward names; every department gets at least one member
        String firstName = i < 4 ? first.get(i) : pick(r, first);
        String lastName = i < 4 ? last.get(i) : pick(r, last);
        int department = i < sizes.departments() ? i + 1 : r.nextInt(sizes.departments()) + 1;
        String local = ascii(firstName) + "." + ascii(lastName);
        String email = (local.length() > 1 ? local : "staff" + (i + 1)) + "@terrifictotes.com";
        w.integer(i + 1).text(firstName).text(lastName).integer(department).text(email);
        stamps(w, r, 5, i);
      }
      return w.finish();
    }
  }

  private long paymentTypes(Connection c) throws SQLException {
    SplittableRandom r = random(TotesysTable.PAYMENT_TYPE);
    String columns = "payment_type_id, payment_type_name, " + STAMPS;
    try (CopyTextEncoder w =
        CopyTextEncoder.open(c, TotesysTable.PAYMENT_TYPE.sqlName(), columns)) {
      for (int i = 0; i < ReferenceSizes.PAYMENT_TYPES; i++) {
        w.integer(i + 1).text(ReferenceData.PAYMENT_TYPE_NAMES.get(i));
        stamps(w, r, 6, i);
      }
      return w.finish();
    }
  }

  /** created_at, and last_updated equal to it or (one row in eight) some hours later. */
  private void stamps(CopyTextEncoder w, SplittableRandom r, int table, int row)
      throws SQLException {
    long created = timeline.referenceCreatedAt(table, row);
    long updated = created;
    if (r.nextInt(8) == 0) {
      updated = Math.min(timeline.endMillis(), created + r.nextLong(1, 72L * 3_600_000L));
    }
    w.timestamp(created).timestamp(updated).endRow();
  }

  private String fullName(SplittableRandom r) {
    return pick(r, ReferenceData.FIRST_NAMES) + " " + pick(r, ReferenceData.LAST_NAMES);
  }

  private SplittableRandom random(TotesysTable table) {
    return new SplittableRandom(OrderValues.mix64(seed ^ OrderValues.mix64(table.ordinal() + 1L)));
  }

  private static <T> T pick(SplittableRandom r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** Lower-case ASCII letters only: accents dropped, ø and ł folded, everything else removed. */
  static String ascii(String s) {
    String folded =
        Normalizer.normalize(s, Normalizer.Form.NFD)
            .replace('ø', 'o')
            .replace('Ø', 'O')
            .replace('ł', 'l')
            .replace('Ł', 'L');
    return folded.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
  }
}
