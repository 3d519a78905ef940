// PostgresStore::RebuildSearchIndex: every article's search terms computed
// anew with the store's tokenizer (after `khabar migrate`, or to re-index).
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_search.h"
#include "store/postgres/postgres_store.h"

namespace khabar::store {

Status PostgresStore::RebuildSearchIndex() {
  return conn_->Atomic([this]() -> Status {
    int64_t last = 0;
    while (true) {
      // Batches by id keep memory flat on a million articles.
      KHABAR_ASSIGN_OR_RETURN(
          pqxx::result rows,
          conn_->Exec("SELECT id, title, body FROM article WHERE id > $1 "
                      "ORDER BY id LIMIT 500",
                      pg::Params().Int(last)));
      if (rows.empty()) break;
      for (const pqxx::row& row : rows) {
        last = pg::Connection::Int(row[0]);
        int64_t tokens = 0;
        const std::string fts =
            pg::TsVectorLiteral(*tokenizer_, pg::Connection::Text(row[1]),
                                pg::Connection::Text(row[2]), &tokens);
        KHABAR_RETURN_IF_ERROR(
            conn_->Exec("UPDATE article SET fts = $2::tsvector, "
                        "fts_length = $3 WHERE id = $1",
                        pg::Params().Int(last).Text(fts).Int(tokens))
                .status());
      }
    }
    // The ranking's collection statistics (articles, tokens) start again
    // from the re-indexed rows, in one row.
    return conn_->ExecScript(
        "DELETE FROM khabar_article_version; "
        "INSERT INTO khabar_article_version (backend, n, articles, tokens) "
        "SELECT 0, 1, count(*), coalesce(sum(fts_length), 0) FROM article");
  });
}

}  // namespace khabar::store
