#include "store/postgres/pg_test_util.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>

namespace khabar::store::pgtest {
namespace {

void Admin(const std::string& sql) {
  pqxx::connection conn(BaseUrl());
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

}  // namespace

std::string BaseUrl() {
  if (const char* url = std::getenv("KHABAR_TEST_PG_URL"); url && *url) {
    return url;
  }
  const char* file = std::getenv("KHABAR_TEST_PG_URL_FILE");
  if (file == nullptr || *file == '\0') return std::string();
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

std::string Unavailable() {
  static const std::string reason = [] {
    const std::string url = BaseUrl();
    if (url.empty()) {
      return std::string(
          "no PostgreSQL for tests: run through ctest (its `postgres` fixture "
          "starts a throw-away cluster) or set KHABAR_TEST_PG_URL");
    }
    try {
      pqxx::connection conn(url);
      return std::string();
    } catch (const std::exception& e) {
      return "PostgreSQL at " + url + " unreachable: " + e.what();
    }
  }();
  return reason;
}

std::string CreateDatabase() {
  static std::atomic<int> counter{0};
  std::string name = "khabar_t";
  name += std::to_string(getpid());
  name += '_';
  name += std::to_string(counter++);
  try {
    Admin("CREATE SCHEMA " + name);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pgtest: cannot create database %s: %s\n",
                 name.c_str(), e.what());
    std::abort();
  }
  return name;
}

std::string DatabaseUrl(const std::string& name) {
  // libpq's `options` sets the session's search_path: every table the store
  // creates or reads is in the schema.
  std::string url = BaseUrl();
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "options=-csearch_path%3D";
  url += name;
  return url;
}

void DropDatabase(const std::string& name) {
  try {
    Admin("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pgtest: cannot drop database %s: %s\n",
                 name.c_str(), e.what());
  }
}

}  // namespace khabar::store::pgtest
