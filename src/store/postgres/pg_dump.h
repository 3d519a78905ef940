// Backup and restore of a PostgreSQL deployment with PostgreSQL's own tools
// (`khabar backup` / `khabar restore` on a postgres:// URL): pg_dump's
// custom format is one consistent snapshot taken while instances keep
// serving; pg_restore loads it in one transaction into an empty database.
#ifndef KHABAR_STORE_POSTGRES_PG_DUMP_H_
#define KHABAR_STORE_POSTGRES_PG_DUMP_H_

#include <string>

#include "base/status.h"

namespace khabar::store {

// Runs `pg_dump --format=custom` of `url` into `path` (written beside it and
// renamed into place when complete). IOError with pg_dump's message when it
// fails or is not installed.
Status DumpPostgres(const std::string& url, const std::string& path);

// Runs `pg_restore --single-transaction --exit-on-error` of `path` into
// `url`, which must be an empty database (create it with createdb first):
// either everything is restored or nothing is.
Status RestorePostgres(const std::string& path, const std::string& url);

}  // namespace khabar::store

#endif  // KHABAR_STORE_POSTGRES_PG_DUMP_H_
