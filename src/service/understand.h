// Understanding: the nlp models Khabar loads at start, and the one function
// that turns a stored article into its Analysis (entities, quotes, dates,
// topic, keywords, lead summary, near-duplicate signature).
//
// Immutable after Load(); Analyze() is const and thread-safe.
#ifndef KHABAR_SERVICE_UNDERSTAND_H_
#define KHABAR_SERVICE_UNDERSTAND_H_

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "base/time.h"
#include "nlp/ner/ner.h"
#include "nlp/topic/keywords.h"
#include "nlp/topic/topic_model.h"
#include "store/article_store.h"
#include "text/analyzer.h"

namespace khabar::service {

// Where model files are looked for when no folder is given: $KHABAR_MODELS,
// else the folder the build recorded (the repository's models/).
std::string DefaultModelsDir();

class Understanding {
 public:
  // Loads ner.model, topic.model and idf.model from `models_dir`. A missing
  // or corrupt file is an error naming it and the command that rebuilds it.
  static Result<std::unique_ptr<Understanding>> Load(const std::string& models_dir);

  // Analyzes the article's title and paragraphs. Offsets in the result are
  // byte offsets into the body (paragraphs joined by "\n"). Relative dates
  // are resolved against `published_at` (the article's own when not given).
  store::Analysis Analyze(const store::Article& article,
                          std::optional<UnixSeconds> published_at = std::nullopt) const;

 private:
  Understanding() = default;

  std::unique_ptr<nlp::NerModel> ner_;
  std::unique_ptr<nlp::TopicModel> topics_;
  std::unique_ptr<nlp::KeywordExtractor> keywords_;
  // The Khabar analyzer of the shared pass (the one topic and signature
  // use on their own), so its terms are analyzed once per article.
  std::unique_ptr<text::Analyzer> analyzer_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_UNDERSTAND_H_
