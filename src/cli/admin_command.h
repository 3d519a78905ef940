// `khabar migrate`, `khabar backup`, `khabar restore`: moving and keeping a
// deployment's data (store/migrate/migrate.h, SqliteStore::BackupTo,
// store/postgres/pg_dump.h).
#ifndef KHABAR_CLI_ADMIN_COMMAND_H_
#define KHABAR_CLI_ADMIN_COMMAND_H_

#include <string>

namespace khabar::cli {

// Copies the SQLite deployment `from` ("sqlite:DIR" or DIR) into the empty
// PostgreSQL database `to`, verified by counts and checksums. With `check`,
// copies nothing and compares the two instead.
int RunMigrate(const std::string& from, const std::string& to, bool check);
// Writes a consistent backup of `database` (a data folder or a postgres://
// URL) to `path`: SQLite's online backup API, or pg_dump.
int RunBackup(const std::string& database, const std::string& path);
// Restores `path` into `database` (servers stopped for SQLite; an empty
// database for PostgreSQL).
int RunRestore(const std::string& path, const std::string& database);

}  // namespace khabar::cli

#endif  // KHABAR_CLI_ADMIN_COMMAND_H_
