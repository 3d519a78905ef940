// Throw-away databases on the test PostgreSQL cluster, for every test binary
// that needs one (store, service, CLI). The cluster's URL comes from
// KHABAR_TEST_PG_URL, or from the file named by KHABAR_TEST_PG_URL_FILE
// (what ctest's `postgres` fixture writes; scripts/pg-test-cluster.sh).
#ifndef KHABAR_STORE_POSTGRES_PG_TEST_UTIL_H_
#define KHABAR_STORE_POSTGRES_PG_TEST_UTIL_H_

#include <string>

namespace khabar::store::pgtest {

// The cluster's URL (to its maintenance database), "" when none is set.
std::string BaseUrl();
// "" when a cluster is reachable, else why not (for GTEST_SKIP).
std::string Unavailable();
// Creates an empty database with a unique name and returns the name; aborts
// the test binary if the cluster refuses (a broken fixture, not a skip).
std::string CreateDatabase();
// BaseUrl() pointed at database `name`.
std::string DatabaseUrl(const std::string& name);
// Drops `name`, disconnecting anyone still connected.
void DropDatabase(const std::string& name);

}  // namespace khabar::store::pgtest

#endif  // KHABAR_STORE_POSTGRES_PG_TEST_UTIL_H_
