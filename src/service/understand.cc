#include "service/understand.h"

#include <cstdlib>
#include <map>
#include <span>
#include <utility>

#include "nlp/dates/dates.h"
#include "nlp/ner/entity_grouping.h"
#include "nlp/quotes/quotes.h"
#include "nlp/quotes/signature.h"
#include "nlp/topic/summarizer.h"
#include "text/entity_key.h"
#include "text/sentence.h"
#include "text/tokenizer.h"

namespace khabar::service {
namespace {

constexpr int kKeywords = 8;
constexpr int kSummarySentences = 2;
// Below this many Arabic words the models (trained on Arabic news) have
// nothing to go on: an English or empty article gets no topic or keywords
// rather than a confident guess.
constexpr int kMinArabicWords = 8;

// Counts kWord tokens, stopping at kMinArabicWords.
int CountArabicWords(std::span<const text::Token> tokens) {
  int words = 0;
  for (const text::Token& token : tokens) {
    if (words >= kMinArabicWords) break;
    if (token.kind == text::TokenKind::kWord) ++words;
  }
  return words;
}

// What several stages need from the body, computed once per article: the
// sentences (NER, quotes), the tokens (entity grouping, quotes, the Arabic
// word count) and the analyzer's terms (topic, signature). Each stage's
// overload taking these gives the same result as its plain entry point,
// which would split, tokenize or analyze the body again.
struct SharedPass {
  std::vector<text::SentenceSpan> sentences;
  std::vector<text::Token> tokens;
  text::AnalyzedText terms;
};

SharedPass RunSharedPass(const text::Analyzer& analyzer, std::string_view body) {
  SharedPass pass;
  pass.sentences = text::SplitSentences(body);
  text::Tokenize(body, &pass.tokens);
  analyzer.Analyze(body, text::AnalyzerMode::kDocument, &pass.terms);
  return pass;
}

template <typename T>
Result<std::unique_ptr<T>> LoadModel(const std::string& dir, const char* file,
                                     const char* rebuild) {
  const std::string path = dir + "/" + file;
  Result<std::unique_ptr<T>> model = T::Load(path);
  if (!model.ok()) {
    return model.status().WithContext(std::string("model ") + path +
                                      " (rebuild with: " + rebuild + ")");
  }
  return model;
}

}  // namespace

std::string DefaultModelsDir() {
  if (const char* env = std::getenv("KHABAR_MODELS"); env && *env) return env;
  return KHABAR_MODELS_DIR;
}

Result<std::unique_ptr<Understanding>> Understanding::Load(const std::string& models_dir) {
  std::unique_ptr<Understanding> u(new Understanding());
  auto ner = LoadModel<nlp::NerModel>(models_dir, "ner.model", "khabar train ner");
  if (!ner.ok()) return ner.status();
  u->ner_ = std::move(ner).value();
  auto topics = LoadModel<nlp::TopicModel>(models_dir, "topic.model", "khabar train topics");
  if (!topics.ok()) return topics.status();
  u->topics_ = std::move(topics).value();
  auto keywords =
      LoadModel<nlp::KeywordExtractor>(models_dir, "idf.model", "khabar train idf");
  if (!keywords.ok()) return keywords.status();
  u->keywords_ = std::move(keywords).value();
  u->analyzer_ = text::MakeKhabarAnalyzer();
  return u;
}

store::Analysis Understanding::Analyze(const store::Article& article,
                                       std::optional<UnixSeconds> published_at) const {
  store::Analysis analysis;
  const std::string body = store::ArticleBody(article);
  if (!published_at) published_at = article.published_at;

  // Entities: one row per (type, key); groups that fold to one key merge.
  std::map<std::pair<std::string, std::string>, store::EntityRef> entities;
  const SharedPass pass = RunSharedPass(*analyzer_, body);
  const std::vector<nlp::Entity> grouped =
      nlp::GroupEntities(body, ner_->Find(body, pass.sentences), pass.tokens);
  std::vector<nlp::SpeakerCandidate> persons;
  for (const nlp::Entity& e : grouped) {
    if (e.type != nlp::EntityType::kPerson) continue;
    for (const nlp::EntityOccurrence& m : e.mentions) {
      persons.push_back({m.begin, m.end, e.name});
    }
  }
  for (const nlp::Quote& q : nlp::FindQuotes(body, persons, pass.tokens, pass.sentences)) {
    analysis.quotes.push_back({q.speaker, q.speaker.empty() ? "" : text::EntityKey(q.speaker),
                               q.text, q.cue, q.begin});
  }
  for (const nlp::Entity& e : grouped) {
    if (e.key.empty()) continue;
    store::EntityRef ref{std::string(nlp::EntityTypeName(e.type)), e.name, e.key,
                         static_cast<int>(e.count), e.first_offset};
    auto [it, inserted] = entities.emplace(std::make_pair(ref.type, ref.key), ref);
    if (!inserted) {
      it->second.count += ref.count;
      it->second.first_offset = std::min(it->second.first_offset, ref.first_offset);
    }
  }
  for (auto& [id, ref] : entities) analysis.entities.push_back(std::move(ref));

  for (const nlp::DateMention& d : nlp::FindDates(body, published_at)) {
    analysis.dates.push_back({d.text, d.value, d.begin});
  }

  if (CountArabicWords(pass.tokens) >= kMinArabicWords) {
    text::AnalyzedText title_terms;
    analyzer_->Analyze(article.title, text::AnalyzerMode::kDocument, &title_terms);
    const nlp::TopicPrediction topic = topics_->Predict(title_terms, pass.terms);
    if (topic.section >= 0) {
      analysis.topic = std::string(topic.id);
      analysis.topic_confidence = topic.confidence;
    }
    for (const nlp::Keyword& k :
         keywords_->Extract(article.title, article.paragraphs, kKeywords)) {
      analysis.keywords.push_back(k.surface);
    }
  }
  analysis.summary = nlp::Summarize(article.title, article.paragraphs, kSummarySentences);
  analysis.signature = nlp::ComputeSignature(pass.terms).Serialize();
  return analysis;
}

}  // namespace khabar::service
