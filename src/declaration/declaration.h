// The goods declaration, shaped after the WCO Data Model (EU Customs Data Model element names).
// Plain value types: no I/O, no storage, no HTTP. Money and quantities are exact Decimals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/decimal.h"

namespace oc {

enum class DeclarationType { kImport, kExport, kTransit };  // "IM", "EX", "TR"
const char* DeclarationTypeCode(DeclarationType t);

struct Address {
  std::string street, city, postcode, country;  // country: ISO 3166-1 alpha-2
};

struct Party {
  std::string tin;   // trader identification number
  std::string name;
  Address address;
  std::string status;  // representative only: D.E. 3/21 code ("2" direct, "3" indirect)
};

struct Parties {
  Party declarant;
  std::optional<Party> importer, exporter, seller, buyer, carrier, representative;
};

struct Transport {
  std::string border_mode;         // UN/ECE Rec 19 code
  std::string means_id;            // vehicle registration, vessel IMO, flight number...
  std::string means_nationality;   // ISO 3166-1 alpha-2
  std::vector<std::string> containers;  // ISO 6346 container ids
  // Seals affixed at departure (EU D.E. 7/18 "seal number"; an electronic seal's ISO 18185
  // identity as the device registry names it): a transit journey binds exactly these.
  std::vector<std::string> seals;
};

struct Locations {
  std::string loading;             // place of loading (UN/LOCODE or text)
  std::string entry_office;        // office of entry / exit (offices list)
  std::string destination_office;  // optional: office of destination (transit)
  std::string destination_country; // ISO 3166-1 alpha-2
};

struct Money {
  Decimal amount;
  std::string currency;  // ISO 4217
};

struct Invoice {
  std::string number;
  std::string date;  // ISO 8601
  std::string currency;
  Decimal total;
  std::string incoterm;
  std::string incoterm_place;
};

struct ExchangeRate {
  std::string currency;  // foreign currency
  Decimal rate;          // units of the national currency per one unit of `currency`
  std::string date;      // date the rate is valid for
};

// The document type (data/ref/document_types.csv) under which an import cites the exporting
// country's export declaration; its id is that declaration's reference (MRN).
inline constexpr const char* kExportDeclarationDocument = "N830";

struct Document {
  std::string type;  // document type code (data/ref/document_types.csv)
  std::string id;
  std::string issuer;
  std::string date;
};

struct Package {
  int64_t count = 0;
  std::string kind;   // UN/ECE Rec 21
  std::string marks;
};

struct Commodity {
  std::string hs;        // 6-digit HS subheading
  std::string national;  // national digits (0-4)
};

struct SupplementaryQuantity {
  Decimal quantity;
  std::string unit;  // UN/ECE Rec 20
};

struct GoodsItem {
  int64_t seq = 0;
  std::string description;
  Commodity commodity;
  std::string origin;              // ISO 3166-1 alpha-2
  std::string preferential_origin; // optional
  Decimal net_mass, gross_mass;    // kilograms
  std::optional<SupplementaryQuantity> supplementary;
  Decimal price;                   // in the invoice currency
  std::string valuation_method;    // WTO CVA method "1".."6"
  std::vector<Package> packages;
  std::vector<Document> documents;
};

struct Declaration {
  std::string lrn;
  DeclarationType type = DeclarationType::kImport;
  std::string procedure;  // 4 digits: requested + previous procedure
  std::string office;     // declaration office
  std::string issue_date;
  Parties parties;
  Transport transport;
  Locations locations;
  Invoice invoice;
  std::optional<Money> freight, insurance;
  std::vector<ExchangeRate> exchange_rates;
  std::vector<Document> documents;
  std::vector<GoodsItem> items;
};

// Canonical JSON of a declaration: fixed key order, canonical decimal strings, optional parts
// omitted when absent. Two declarations with equal content have byte-equal canonical JSON.
std::string CanonicalJson(const Declaration& d);

// The words a declaration is found by in the declaration lists: invoice number, parties' names
// and TINs, goods descriptions, HS codes, document ids, means of transport and containers,
// each space-separated word once. The store indexes it for full-text search (the LRN and MRN
// are searched apart).
std::string SearchText(const Declaration& d);

}  // namespace oc
