#include "cli/admin_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/core.h>

#include "cli/commands.h"
#include "service/library.h"
#include "store/migrate/migrate.h"
#include "store/postgres/pg_dump.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::cli {
namespace {

// "sqlite:DIR" or DIR → the database file in it.
std::string SqliteFile(std::string from) {
  if (from.rfind("sqlite:", 0) == 0) from = from.substr(7);
  return (std::filesystem::path(from) / "khabar.db").string();
}

void PrintChecks(const std::vector<store::TableCheck>& checks) {
  fmt::print("{:<16} {:>12} {:>12}  {:<16}  {}\n", "table", "sqlite rows",
             "pg rows", "checksum", "");
  for (const store::TableCheck& c : checks) {
    fmt::print("{:<16} {:>12} {:>12}  {:016x}  {}\n", c.table, c.source_rows,
               c.target_rows, c.target_checksum,
               c.matches() ? "ok" : "DIFFERS");
  }
}

}  // namespace

int RunMigrate(const std::string& from, const std::string& to, bool check) {
  if (!store::IsPostgresUrl(to)) {
    return Fail("migrate", Status::InvalidArgument(
                               "--to must be a postgres:// URL"));
  }
  const std::string source = SqliteFile(from);
  std::error_code ec;
  if (!std::filesystem::exists(source, ec)) {
    return Fail("migrate", Status::NotFound("no SQLite database at " + source));
  }
  service::LibraryOptions options;
  options.data_dir = to;
  Result<std::unique_ptr<service::Library>> target =
      service::Library::Open(options);
  if (!target.ok()) return Fail("migrate: open " + to, target.status());
  auto* postgres = dynamic_cast<store::PostgresStore*>(&(*target)->store());
  if (postgres == nullptr) {
    return Fail("migrate", Status::Internal("target is not PostgreSQL"));
  }
  if (check) {
    Result<std::vector<store::TableCheck>> checks =
        store::CompareSqliteToPostgres(source, *postgres);
    if (!checks.ok()) return Fail("migrate --check", checks.status());
    PrintChecks(*checks);
    for (const store::TableCheck& c : *checks) {
      if (!c.matches()) return kExitFailure;
    }
    return kExitOk;
  }
  Result<store::MigrateReport> report = store::MigrateSqliteToPostgres(
      source, postgres->tokenizer(), *postgres,
      [](const std::string& table, int64_t rows) {
        std::fprintf(stderr, "migrate: %s: %lld rows\n", table.c_str(),
                     static_cast<long long>(rows));
      });
  if (!report.ok()) return Fail("migrate", report.status());
  PrintChecks(report->tables);
  fmt::print("migrated {} rows in {} tables in {:.1f} s; counts and checksums "
             "match\n",
             report->rows, report->tables.size(), report->seconds);
  return kExitOk;
}

int RunBackup(const std::string& database, const std::string& path) {
  if (store::IsPostgresUrl(database)) {
    Status status = store::DumpPostgres(database, path);
    if (!status.ok()) return Fail("backup", status);
  } else {
    service::LibraryOptions options;
    options.data_dir = database;
    options.read_only = true;
    Result<std::unique_ptr<service::Library>> library =
        service::Library::Open(options);
    if (!library.ok()) return Fail("backup: open " + database, library.status());
    auto* sqlite = dynamic_cast<store::SqliteStore*>(&(*library)->store());
    if (sqlite == nullptr) {
      return Fail("backup", Status::Internal("not a SQLite store"));
    }
    Status status = sqlite->BackupTo(path);
    if (!status.ok()) return Fail("backup", status);
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  fmt::print("backup: wrote {} ({} bytes)\n", path, ec ? 0 : bytes);
  return kExitOk;
}

int RunRestore(const std::string& path, const std::string& database) {
  Status status;
  if (store::IsPostgresUrl(database)) {
    status = store::RestorePostgres(path, database);
  } else {
    std::error_code ec;
    std::filesystem::create_directories(database, ec);
    status = store::RestoreSqliteBackup(path, SqliteFile(database));
  }
  if (!status.ok()) return Fail("restore", status);
  fmt::print("restore: {} restored into {}\n", path, database);
  return kExitOk;
}

}  // namespace khabar::cli
