#include "nlp/topic/labeled_corpus.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "text/utf8.h"

namespace khabar::nlp {
namespace {

std::string StringField(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::string();
  return it->get<std::string>();
}

}  // namespace

Result<std::vector<LabeledDoc>> ReadLabeledJsonl(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("corpus file not found: " + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::vector<LabeledDoc> docs;
  std::string line;
  for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
    const std::string where = path + ":" + std::to_string(line_no);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (Status st = text::ValidateUtf8(line); !st.ok()) {
      return st.WithContext(where);
    }
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      return Status::InvalidArgument(where + ": bad JSON: " + e.what());
    }
    if (!obj.is_object()) {
      return Status::InvalidArgument(where + ": not a JSON object");
    }
    LabeledDoc doc{StringField(obj, "title"), StringField(obj, "text"),
                   StringField(obj, "label")};
    if (doc.label.empty()) {
      return Status::InvalidArgument(where + ": missing \"label\"");
    }
    docs.push_back(std::move(doc));
  }
  if (in.bad()) return Status::IOError("error reading " + path);
  return docs;
}

}  // namespace khabar::nlp
