#include "store/postgres/pg_connection.h"

#include <charconv>
#include <cstdio>
#include <exception>
#include <utility>

namespace khabar::store::pg {
namespace {

// The first words of a statement, for error messages (never parameters).
std::string Describe(std::string_view sql) {
  std::size_t start = sql.find_first_not_of(" \n\t");
  if (start == std::string_view::npos) return std::string();
  sql.remove_prefix(start);
  std::string head(sql.substr(0, 48));
  for (char& c : head) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (sql.size() > 48) head += "...";
  return head;
}

// libpq's URI with any password replaced, for messages.
std::string Redacted(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) {
    return url;
  }
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  std::string out = url.substr(0, colon);
  out += ":***";
  out += url.substr(at);
  return out;
}

}  // namespace

Params& Params::Text(std::string_view value) {
  values_.emplace_back(std::string(value));
  return *this;
}

Params& Params::Int(int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::Real(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  values_.emplace_back(std::string(buffer, ec == std::errc() ? end : buffer));
  return *this;
}

Params& Params::Bool(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return *this;
}

Params& Params::Bytes(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + value.size() * 2);
  for (unsigned char c : value) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  values_.emplace_back(std::move(hex));
  return *this;
}

Params& Params::Null() {
  values_.emplace_back(std::nullopt);
  return *this;
}

Status ErrorStatus(const std::exception& e, std::string_view what) {
  std::string message(e.what());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  std::string context = "postgres: ";
  context += Describe(what);
  context += ": ";
  context += message;
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Status::IOError(context);
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (sql == nullptr) return Status::Internal(context);
  const std::string& state = sql->sqlstate();
  if (state == "23505") return Status::AlreadyExists(context);
  // Like SQLite: other constraint violations (a missing parent row, a NULL,
  // a CHECK) are the caller's error.
  if (state.rfind("22", 0) == 0 || state.rfind("42", 0) == 0 ||
      state.rfind("23", 0) == 0) {
    return Status::InvalidArgument(context);
  }
  if (state == "25006") return Status::PermissionDenied(context);
  if (state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 ||
      state.rfind("57", 0) == 0 || state.rfind("58", 0) == 0) {
    return Status::IOError(context);  // connection, resources, shutdown, I/O
  }
  if (state.rfind("XX", 0) == 0) return Status::Corruption(context);
  return Status::Internal(context);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  try {
    auto conn = std::make_unique<pqxx::connection>(url);
    return std::unique_ptr<Connection>(new Connection(std::move(conn)));
  } catch (const std::exception& e) {
    std::string message = e.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::IOError("cannot connect to " + Redacted(url) + ": " +
                           message);
  }
}

Connection::Connection(std::unique_ptr<pqxx::connection> conn)
    : conn_(std::move(conn)) {}

Connection::~Connection() {
  if (depth_ > 0) Rollback();
}

std::string Connection::Prepared(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end()) return it->second;
  std::string name = "k";
  name += std::to_string(prepared_.size());  // names are never reused
  conn_->prepare(name, std::string(sql));
  prepared_.emplace(std::string(sql), name);
  return name;
}

Result<pqxx::result> Connection::Exec(std::string_view sql,
                                      const Params& params) {
  // libpq passes text parameters as C strings: a NUL would silently cut the
  // value (PostgreSQL's text cannot hold one anyway).
  for (const std::optional<std::string>& value : params.values()) {
    if (value && value->find('\0') != std::string::npos) {
      std::string message = "postgres: ";
      message += Describe(sql);
      message += ": a text parameter contains a NUL byte";
      return Status::InvalidArgument(message);
    }
  }
  try {
    const std::string name = Prepared(sql);
    std::vector<const char*> pointers;
    pointers.reserve(params.values().size());
    for (const std::optional<std::string>& value : params.values()) {
      pointers.push_back(value ? value->c_str() : nullptr);
    }
    pqxx::nontransaction tx(*conn_);
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(pointers));
  } catch (const std::exception& e) {
    if (depth_ > 0 && aborted_depth_ == 0) aborted_depth_ = depth_;
    return ErrorStatus(e, sql);
  }
}

Status Connection::ExecScript(std::string_view sql) {
  try {
    pqxx::nontransaction tx(*conn_);
    tx.exec(std::string(sql));
    return Status::Ok();
  } catch (const std::exception& e) {
    if (depth_ > 0 && aborted_depth_ == 0) aborted_depth_ = depth_;
    return ErrorStatus(e, sql);
  }
}

Status Connection::Begin() {
  if (depth_ > 0) return Status::InvalidArgument("transaction already open");
  KHABAR_RETURN_IF_ERROR(ExecScript("BEGIN"));
  depth_ = 1;
  aborted_depth_ = 0;
  return Status::Ok();
}

Status Connection::Commit() {
  if (depth_ != 1) return Status::InvalidArgument("no transaction to commit");
  if (aborted_depth_ > 0) {
    Rollback();
    return Status::Internal(
        "postgres: transaction rolled back: a statement in it failed");
  }
  Status status = ExecScript("COMMIT");
  depth_ = 0;
  aborted_depth_ = 0;
  if (!status.ok()) static_cast<void>(ExecScript("ROLLBACK"));
  return status;
}

void Connection::Rollback() {
  if (depth_ == 0) return;
  depth_ = 0;
  aborted_depth_ = 0;
  static_cast<void>(ExecScript("ROLLBACK"));
}

Status Connection::Atomic(const std::function<Status()>& body) {
  auto run = [&body]() -> Status {
    try {
      return body();
    } catch (const std::exception& e) {
      return ErrorStatus(e, "reading a result");
    }
  };
  if (depth_ == 0) {
    KHABAR_RETURN_IF_ERROR(Begin());
    Status status = run();
    if (!status.ok()) {
      Rollback();
      return status;
    }
    return Commit();
  }
  std::string savepoint = "sp";
  savepoint += std::to_string(++savepoint_ids_);
  std::string sql = "SAVEPOINT ";
  sql += savepoint;
  KHABAR_RETURN_IF_ERROR(ExecScript(sql));
  const int level = ++depth_;
  Status status = run();
  --depth_;
  if (status.ok() && (aborted_depth_ == 0 || aborted_depth_ < level)) {
    sql = "RELEASE SAVEPOINT ";
    sql += savepoint;
    return ExecScript(sql);
  }
  // Undo the body's writes; the caller's transaction is usable again.
  const int aborted = aborted_depth_;
  if (aborted >= level) aborted_depth_ = 0;
  sql = "ROLLBACK TO SAVEPOINT ";
  sql += savepoint;
  Status undone = ExecScript(sql);
  if (!undone.ok()) return undone;
  if (status.ok()) {
    return Status::Internal("postgres: a statement in the savepoint failed");
  }
  return status;
}

std::string Connection::Bytes(const pqxx::field& f) {
  if (f.is_null()) return std::string();
  pqxx::binarystring bytes(f);
  return bytes.str();
}

}  // namespace khabar::store::pg
