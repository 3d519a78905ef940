// Moving a deployment from SQLite to PostgreSQL without loss
// (`khabar migrate --from sqlite:DIR --to postgres://...`).
//
// The PostgreSQL schema mirrors SQLite's table for table and column for
// column, so the copy is generic: every table of the SQLite file (except its
// own bookkeeping and the FTS5 index) is copied row by row, parents before
// children, inside ONE PostgreSQL transaction. The search index is rebuilt
// from the copied articles with the same analyzer, identity sequences are
// moved past the copied ids, and then every table is verified on both sides
// by row count and an order-independent checksum of its canonical rows (the
// sum of 64-bit row hashes), still inside the transaction: a mismatch rolls
// everything back, so the target is either a verified copy or untouched.
//
// The source is read in one read transaction (a consistent snapshot even
// while a server writes to it; writes after the snapshot are not copied, so
// stop writers or switch them over first). The target must be empty.
#ifndef KHABAR_STORE_MIGRATE_MIGRATE_H_
#define KHABAR_STORE_MIGRATE_MIGRATE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/index_tokenizer.h"

namespace khabar::store {

class PostgresStore;

struct TableCheck {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  uint64_t source_checksum = 0;
  uint64_t target_checksum = 0;
  bool matches() const {
    return source_rows == target_rows && source_checksum == target_checksum;
  }
};

struct MigrateReport {
  std::vector<TableCheck> tables;  // in copy order
  int64_t rows = 0;                // rows copied in all
  double seconds = 0;
};

// Copies the SQLite database at `sqlite_path` (at this binary's schema
// version, indexed with `tokenizer`) into `target`, which must be empty.
// `progress` (may be empty) is told each table as it is copied.
Result<MigrateReport> MigrateSqliteToPostgres(
    const std::string& sqlite_path, const IndexTokenizer& tokenizer,
    PostgresStore& target,
    const std::function<void(const std::string& table, int64_t rows)>&
        progress = {});

// Compares a SQLite database and a PostgreSQL one table by table (rows and
// checksums), e.g. to re-check a migration later.
Result<std::vector<TableCheck>> CompareSqliteToPostgres(
    const std::string& sqlite_path, PostgresStore& target);

}  // namespace khabar::store

#endif  // KHABAR_STORE_MIGRATE_MIGRATE_H_
