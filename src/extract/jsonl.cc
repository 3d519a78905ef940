#include "extract/jsonl.h"

#include <optional>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "extract/dates.h"
#include "extract/line_text.h"
#include "text/utf8.h"

namespace khabar::extract {
namespace {

using Json = nlohmann::json;

// The value of a string field; "" when absent or null.
Result<std::string> StringField(const Json& record, const char* name,
                                bool trim) {
  auto it = record.find(name);
  if (it == record.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("field \"") + name +
                                   "\" is not a string");
  }
  const std::string& value = it->get_ref<const std::string&>();
  return trim ? std::string(internal::TrimSpace(value)) : value;
}

}  // namespace

Result<RawArticle> ParseJsonlRecord(std::string_view line) {
  // Checked before parsing so that the error names the offset in the line,
  // which the parser's message does not.
  KHABAR_RETURN_IF_ERROR(text::ValidateUtf8(line));
  Json record;
  try {
    record = Json::parse(line);
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("not a JSON object: ") +
                                   e.what());
  }
  if (!record.is_object()) {
    return Status::InvalidArgument(std::string("not a JSON object: got ") +
                                   record.type_name());
  }

  RawArticle article;
  struct Target {
    const char* name;
    std::string* out;
    bool trim;
  };
  std::string time;
  std::string text;
  // "text" is not trimmed: its line numbers must stay those of the record.
  const Target targets[] = {
      {"title", &article.title, true},
      {"url", &article.url, true},
      {"source", &article.source, true},
      {"author", &article.author, true},
      {"abstract", &article.abstract, true},
      {"label", &article.label, true},
      {"time", &time, true},
      {"text", &text, false},
  };
  for (const Target& t : targets) {
    Result<std::string> value = StringField(record, t.name, t.trim);
    if (!value.ok()) return value.status();
    *t.out = std::move(value).value();
  }
  if (!time.empty()) article.published_at = ParseDateTime(time);

  std::unordered_set<std::string> seen;
  for (const internal::LineRef& ref : internal::SplitLines(text)) {
    const std::string_view paragraph = internal::TrimSpace(ref.text);
    if (paragraph.empty()) {
      article.dropped.push_back(
          {ref.number, "", std::string(internal::kReasonEmpty)});
      continue;
    }
    if (!seen.insert(internal::MatchKey(paragraph)).second) {
      article.dropped.push_back({ref.number, std::string(paragraph),
                                 std::string(internal::kReasonDuplicate)});
      continue;
    }
    article.paragraphs.emplace_back(paragraph);
  }
  if (article.paragraphs.empty()) {
    return Status::InvalidArgument("missing or empty \"text\"");
  }
  return article;
}

}  // namespace khabar::extract
