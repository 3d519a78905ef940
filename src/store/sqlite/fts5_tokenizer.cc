#include "store/sqlite/fts5_tokenizer.h"

#include <limits>
#include <new>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store::sqlite_internal {
namespace {

using XTokenFn = int (*)(void* ctx, int flags, const char* token, int size,
                         int start, int end);

// FTS5 wants a distinct Fts5Tokenizer object per table; ours has no
// per-table state (arguments after the name are ignored), so the instance is
// the shared IndexTokenizer itself.
int XCreate(void* context, const char** /*argv*/, int /*argc*/,
            Fts5Tokenizer** out) {
  *out = static_cast<Fts5Tokenizer*>(context);
  return SQLITE_OK;
}

void XDelete(Fts5Tokenizer* /*tokenizer*/) {}

// The per-call state the emit callback needs; captured by one pointer so
// the std::function stays within its small-buffer storage (no allocation).
struct TokenizeCall {
  void* fts_ctx;
  XTokenFn x_token;
  int rc;
};

int XTokenize(Fts5Tokenizer* instance, void* fts_ctx, int flags,
              const char* text, int size, XTokenFn x_token) {
  const auto* tokenizer =
      static_cast<const IndexTokenizer*>(static_cast<void*>(instance));
  if (size < 0 || (size > 0 && text == nullptr)) return SQLITE_MISUSE;
  const std::string_view input(text, static_cast<size_t>(size));
  // Stored text was validated by Put(); a query string may not have been
  // (a caller building FtsQuery by hand), and the tokenizer assumes UTF-8.
  if (!IsValidUtf8(input)) return SQLITE_ERROR;
  const bool is_query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  TokenizeCall call{fts_ctx, x_token, SQLITE_OK};
  TokenizeCall* state = &call;
  // Exceptions must not cross SQLite's C frames: they become error codes
  // and the statement (and the Put's savepoint) fails cleanly.
  try {
    tokenizer->TokenizePositioned(
        input, is_query,
        [state](std::string_view term, uint32_t begin, uint32_t end,
                bool colocated) {
          if (term.empty()) return true;
          if (term.size() >
              static_cast<size_t>(std::numeric_limits<int>::max())) {
            state->rc = SQLITE_TOOBIG;
            return false;
          }
          state->rc = state->x_token(
              state->fts_ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, term.data(),
              static_cast<int>(term.size()), static_cast<int>(begin),
              static_cast<int>(end));
          return state->rc == SQLITE_OK;
        });
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
  return call.rc;
}

}  // namespace

Status RegisterFts5Tokenizer(sqlite3* db, const IndexTokenizer* tokenizer) {
  Result<Statement> stmt = Statement::Prepare(db, "SELECT fts5(?1)", false);
  if (!stmt.ok()) return stmt.status().WithContext("FTS5 is not available");
  fts5_api* api = nullptr;
  const int rc =
      sqlite3_bind_pointer(stmt->get(), 1, &api, "fts5_api_ptr", nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "fts5 api");
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (api == nullptr || api->iVersion < 2) {
    return Status::Internal("FTS5 api unavailable or too old");
  }
  fts5_tokenizer methods{XCreate, XDelete, XTokenize};
  const std::string name(tokenizer->name());
  const int create_rc = api->xCreateTokenizer(
      api, name.c_str(), const_cast<void*>(static_cast<const void*>(tokenizer)),
      &methods, nullptr);
  if (create_rc != SQLITE_OK) {
    return SqliteError(db, create_rc, "register FTS5 tokenizer");
  }
  return Status::Ok();
}

}  // namespace khabar::store::sqlite_internal
