// The PostgreSQL schema, one part per store file. Version 1 is every part in
// this order; later versions append migrations to kPgMigrations in
// postgres_store.cc. Tables mirror SqliteStore's (names, columns, meanings)
// so that `khabar migrate` copies a SQLite deployment table by table.
#ifndef KHABAR_STORE_POSTGRES_PG_SCHEMA_H_
#define KHABAR_STORE_POSTGRES_PG_SCHEMA_H_

namespace khabar::store::pg {

extern const char kArticleSchema[];  // postgres_article_store.cc
extern const char kReaderSchema[];   // postgres_reader_store.cc
extern const char kSourceSchema[];   // postgres_source_store.cc
extern const char kJobSchema[];      // postgres_job_store.cc

}  // namespace khabar::store::pg

#endif  // KHABAR_STORE_POSTGRES_PG_SCHEMA_H_
