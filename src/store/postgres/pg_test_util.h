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
// A throw-away database is a schema of its own in the cluster's maintenance
// database, reached through a URL that sets search_path to it: for the
// store it is an empty database, and creating one takes milliseconds where
// CREATE DATABASE takes half a second.
//
// Creates an empty one with a unique name and returns the name; aborts the
// test binary if the cluster refuses (a broken fixture, not a skip).
std::string CreateDatabase();
// The URL of the database `name` (BaseUrl() with search_path set to it).
std::string DatabaseUrl(const std::string& name);
// Drops `name` and everything in it.
void DropDatabase(const std::string& name);

}  // namespace khabar::store::pgtest

#endif  // KHABAR_STORE_POSTGRES_PG_TEST_UTIL_H_
