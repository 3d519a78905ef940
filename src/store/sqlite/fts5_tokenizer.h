// Registers a store::IndexTokenizer as an FTS5 tokenizer (FTS5 tokenizer API
// v1, the one SQLite 3.40 has). Internal to store/sqlite/.
//
// FTS5 calls the tokenizer for documents being indexed, for MATCH strings
// (FTS5_TOKENIZE_QUERY) and for highlight()/snippet() (FTS5_TOKENIZE_AUX,
// which re-tokenize stored text). Terms carry byte offsets into the text FTS5
// passed in, so highlights land on the original words.
#ifndef KHABAR_STORE_SQLITE_FTS5_TOKENIZER_H_
#define KHABAR_STORE_SQLITE_FTS5_TOKENIZER_H_

#include <sqlite3.h>

#include "base/status.h"
#include "store/index_tokenizer.h"

namespace khabar::store::sqlite_internal {

// Makes `tokenizer` available to FTS5 tables of connection `db` under
// tokenizer->name(). Borrowed: `tokenizer` must outlive the connection.
Status RegisterFts5Tokenizer(sqlite3* db, const IndexTokenizer* tokenizer);

}  // namespace khabar::store::sqlite_internal

#endif  // KHABAR_STORE_SQLITE_FTS5_TOKENIZER_H_
