// Library: one opened Khabar data folder — the analyzer, the store built with
// it, and the searcher over both. The CLI (and later the web server) opens
// one Library and hands its parts to the use cases.
//
// Not thread-safe: one Library per thread (SQLite connections are cheap).
#ifndef KHABAR_SERVICE_LIBRARY_H_
#define KHABAR_SERVICE_LIBRARY_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "search/searcher.h"
#include "service/understand.h"
#include "store/article_store.h"
#include "store/index_tokenizer.h"
#include "store/job_store.h"
#include "store/reader_store.h"
#include "store/source_store.h"
#include "text/analyzer.h"

namespace khabar::service {

struct LibraryOptions {
  // Folder holding khabar.db, created when missing (unless read_only); or
  // a postgres:// (postgresql://) URL: the shared PostgreSQL database of a
  // deployment with several instances (`--database`).
  std::string data_dir = "khabar-data";
  // Analyzer behind the full-text index: "khabar" (default), "snowball", or
  // "unicode61" (SQLite's own tokenizer, for baselines).
  std::string analyzer = "khabar";
  bool read_only = false;
  // ":memory:" instead of a file under data_dir (evaluations, tests).
  bool in_memory = false;
  // Load the nlp models (needed to ingest with analysis; searching and
  // reading do without them).
  bool understand = false;
  std::string models_dir;  // "" = DefaultModelsDir()
};

class Library {
 public:
  static Result<std::unique_ptr<Library>> Open(const LibraryOptions& options);

  store::ArticleStore& store() { return *store_; }
  // The readers' side of the same store (one connection: store().Begin()
  // groups writes of both).
  store::ReaderStore& readers() { return *readers_; }
  // The sources it follows (same connection again).
  store::SourceStore& sources() { return *sources_; }
  // The ingest job queue `khabar worker` processes share (same connection).
  store::JobStore& jobs() { return *jobs_; }
  search::Searcher& searcher() { return *searcher_; }
  const text::Analyzer& analyzer() const { return *analyzer_; }
  // Null unless opened with `understand`.
  const Understanding* understanding() const { return understanding_.get(); }

 private:
  Library() = default;
  // Takes a backend that implements every store interface.
  template <typename Store>
  void Adopt(std::unique_ptr<Store> store);

  // Declaration order is destruction order reversed: the store borrows the
  // tokenizer, which borrows the analyzer.
  std::unique_ptr<text::Analyzer> analyzer_;
  std::unique_ptr<store::IndexTokenizer> tokenizer_;
  std::unique_ptr<store::ArticleStore> store_;
  store::ReaderStore* readers_ = nullptr;  // store_, seen as a ReaderStore
  store::SourceStore* sources_ = nullptr;  // store_, seen as a SourceStore
  store::JobStore* jobs_ = nullptr;        // store_, seen as a JobStore
  std::unique_ptr<search::Searcher> searcher_;
  std::unique_ptr<Understanding> understanding_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_LIBRARY_H_
