package com.totaltotes.pipeline.generator;

import java.util.List;

/**
 * Fixed vocabularies for the reference tables. The first entries of several lists are the awkward
 * values every seed must contain (unicode, apostrophes, double quotes, backslashes, tabs,
 * newlines), so they always land on low ids.
 */
final class ReferenceData {

  /** One department: name, location (nullable), manager (nullable). */
  record Department(String name, String location, String manager) {}

  static final List<String> CURRENCY_CODES = List.of("GBP", "USD", "EUR", "CHF");

  static final List<String> PAYMENT_TYPE_NAMES =
      List.of("SALES_RECEIPT", "SALES_REFUND", "PURCHASE_PAYMENT", "PURCHASE_REFUND");

  static final List<Department> DEPARTMENTS =
      List.of(
          new Department("Sales", "Manchester", "Richard Roma"),
          new Department("Purchasing", "Manchester", "Naomi Lapaglia"),
          new Department("Production", "Leeds", "Chester Ming"),
          new Department("Dispatch", "Leds", "Mark Hanna"),
          new Department("Finance", "Manchester", "Siobhán O'Brien"),
          new Department("Facilities", "Manchester", "Shelley Levene"),
          new Department("Communications", null, "Zoë Ñandú"),
          new Department("HR", "Leeds", null));

  /** Names a department may be renamed to by a change round. */
  static final List<String> DEPARTMENT_RENAMES =
      List.of(
          "Sales & Marketing",
          "Procurement",
          "Manufacturing",
          "Logistics",
          "Accounts",
          "Estates",
          "Public Relations",
          "People",
          "Customer Care",
          "Operations");

  static final List<String> FIRST_NAMES =
      List.of(
          "Zoë",
          "Siobhán",
          "José",
          "Søren",
          "Jeremie",
          "Deron",
          "Jeanette",
          "Ana",
          "Magdalena",
          "Korey",
          "Raphael",
          "Oswaldo",
          "Brody",
          "Jazmyn",
          "Meda",
          "Imani",
          "Stan",
          "Rigoberto",
          "Tom",
          "Pierre",
          "Chloé",
          "Łukasz");

  static final List<String> LAST_NAMES =
      List.of(
          "O'Brien",
          "Núñez",
          "D'Amore",
          "Müller",
          "Franey",
          "Beier",
          "Erdman",
          "Glover",
          "Zieme",
          "Kreiger",
          "Rippin",
          "Bergnaum",
          "Ratke",
          "Kuhn",
          "Hernández-Cruz",
          "Tanaka",
          "Lind",
          "Hartmann",
          "Quigley",
          "Nader");

  static final List<String> STREETS =
      List.of(
          "Herzog Via",
          "Alexie Cliffs",
          "Sincere Fort",
          "Bednar Pine",
          "Carroll Hollow",
          "Ashleigh Tunnel",
          "Pfannerstill Knoll",
          "Kuphal Passage",
          "Conrad Extension",
          "Shayne Turnpike",
          "Kulas Route",
          "Lind Springs");

  /** city, country. */
  static final List<String[]> CITIES =
      List.of(
          new String[] {"東京", "Japan"},
          new String[] {"São Paulo", "Brazil"},
          new String[] {"Zürich", "Switzerland"},
          new String[] {"New Patienceburgh", "Turkey"},
          new String[] {"Aliso Viejo", "San Marino"},
          new String[] {"Lake Charles", "Samoa"},
          new String[] {"Suffolk", "Lithuania"},
          new String[] {"Olsonside", "Republic of Korea"},
          new String[] {"Manchester", "United Kingdom"},
          new String[] {"Leeds", "United Kingdom"},
          new String[] {"Dublin", "Ireland"},
          new String[] {"Utica", "Austria"});

  static final List<String> DISTRICTS =
      List.of(
          "Avon",
          "Buckinghamshire",
          "Cambridgeshire",
          "Bedfordshire",
          "Berkshire",
          "Île-de-France");

  static final List<String> COUNTERPARTY_NAMES =
      List.of(
          "O'Keefe, Kerluke and Pfannerstill",
          "\"Ñandú\" Trading S.A.",
          "Zoë's Totes & Co",
          "東京トート株式会社",
          "Fahey and Sons",
          "Leannon, Predovic and Morar",
          "Armstrong Inc",
          "Kohler Inc",
          "Frami, Yundt and Macejkovic",
          "Mraz LLC",
          "Padberg, Lueilwitz and Johnson",
          "Grant - Lakin",
          "Price LLC",
          "Bryce-Mulhouse Ltd",
          "Yost, Watsica and Mann",
          "Murray, Schamberger and Hahn",
          "Cassin-Kessler",
          "Jast & Sons",
          "Rutherford LLC",
          "Strosin PLC");

  static final List<String> DESIGN_NAMES =
      List.of(
          "Wooden",
          "Steel",
          "Granite",
          "Concrete",
          "Bronze",
          "Plastic",
          "Fresh",
          "Frozen",
          "Cotton",
          "Soft",
          "Rubber",
          "Metal",
          "Tasty",
          "Awesome",
          "Practical",
          "Fantastic",
          "Gorgeous",
          "Incredible",
          "Handcrafted",
          "Recycled");

  static final List<String> FILE_LOCATIONS =
      List.of(
          "/usr",
          "/private",
          "/System",
          "/Users",
          "/opt",
          "/var",
          "/root",
          "/lost+found",
          "/usr/local/src",
          "/Network",
          "/usr/share",
          "/home/user/dir");

  private ReferenceData() {}
}
