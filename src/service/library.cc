#include "service/library.h"

#include <filesystem>
#include <system_error>

#include "search/analyzer_tokenizer.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::service {

Result<std::unique_ptr<Library>> Library::Open(const LibraryOptions& options) {
  std::unique_ptr<Library> lib(new Library());
  if (options.analyzer != "unicode61") {
    lib->analyzer_ = text::MakeAnalyzerByName(options.analyzer);
    if (!lib->analyzer_) {
      return Status::InvalidArgument("unknown analyzer '" + options.analyzer +
                                     "' (known: khabar, snowball, unicode61)");
    }
    lib->tokenizer_ = search::MakeIndexTokenizer(*lib->analyzer_);
  }

  if (store::IsPostgresUrl(options.data_dir)) {
    if (lib->tokenizer_ == nullptr) {
      return Status::InvalidArgument(
          "the unicode61 baseline is SQLite's own tokenizer; PostgreSQL "
          "always indexes with Khabar's analyzer");
    }
    store::PostgresOptions postgres;
    postgres.url = options.data_dir;
    postgres.tokenizer = lib->tokenizer_.get();
    postgres.read_only = options.read_only;
    KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<store::PostgresStore> store,
                            store::PostgresStore::Open(postgres));
    lib->Adopt(std::move(store));
  } else {
    store::SqliteOptions sqlite;
    sqlite.tokenizer = lib->tokenizer_.get();
    sqlite.read_only = options.read_only;
    if (options.in_memory) {
      sqlite.path = ":memory:";
    } else {
      std::error_code ec;
      if (!options.read_only) {
        std::filesystem::create_directories(options.data_dir, ec);
        if (ec) {
          return Status::IOError("cannot create data folder " +
                                 options.data_dir + ": " + ec.message());
        }
      }
      sqlite.path =
          (std::filesystem::path(options.data_dir) / "khabar.db").string();
    }
    KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<store::SqliteStore> store,
                            store::SqliteStore::Open(sqlite));
    lib->Adopt(std::move(store));
  }

  // Queries are analyzed by the index's own analyzer; the unicode61 baseline
  // still needs one to parse words and phrases, and khabar's does that.
  if (!lib->analyzer_) lib->analyzer_ = text::MakeKhabarAnalyzer();
  lib->searcher_ =
      std::make_unique<search::Searcher>(*lib->store_, *lib->analyzer_);
  if (options.understand) {
    auto understanding = Understanding::Load(
        options.models_dir.empty() ? DefaultModelsDir() : options.models_dir);
    if (!understanding.ok()) return understanding.status();
    lib->understanding_ = std::move(understanding).value();
  }
  return lib;
}

template <typename Store>
void Library::Adopt(std::unique_ptr<Store> store) {
  readers_ = store.get();
  sources_ = store.get();
  jobs_ = store.get();
  store_ = std::move(store);
}

}  // namespace khabar::service
