// `khabar train ...` and `khabar eval ner|topics|dates`: the reproducible
// commands behind the shipped models and the figures in the README.
#include <iostream>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "nlp/dates/date_eval.h"
#include "nlp/ner/ner.h"
#include "nlp/topic/keywords.h"
#include "nlp/topic/topic_model.h"
#include "service/understand.h"

namespace khabar::cli {
namespace {

using nlohmann::json;

json Scores(double precision, double recall, double f1) {
  return {{"precision", precision}, {"recall", recall}, {"f1", f1}};
}

std::string ModelPath(const std::string& models_dir, const char* file) {
  return (models_dir.empty() ? service::DefaultModelsDir() : models_dir) + "/" + file;
}

}  // namespace

int RunTrainNer(const std::vector<std::string>& train_files, const std::string& out) {
  nlp::NerTrainOptions options;
  options.train_files = train_files;
  options.output_path = out;
  Status s = nlp::TrainNer(options);
  if (!s.ok()) return Fail("train ner", s);
  fmt::print("wrote {}\n", out);
  return kExitOk;
}

int RunTrainTopics(const std::vector<std::string>& train_files, const std::string& out) {
  nlp::TopicTrainOptions options;
  options.train_files = train_files;
  options.output_path = out;
  options.verbose = true;
  Status s = nlp::TrainTopics(options);
  if (!s.ok()) return Fail("train topics", s);
  fmt::print("wrote {}\n", out);
  return kExitOk;
}

int RunTrainIdf(const std::vector<std::string>& files, const std::string& out) {
  constexpr std::size_t kIdfTerms = 50000;
  Status s = nlp::BuildIdf(files, kIdfTerms, out);
  if (!s.ok()) return Fail("train idf", s);
  fmt::print("wrote {}\n", out);
  return kExitOk;
}

int RunEvalNer(const std::string& file, const std::string& models_dir, bool dev_only) {
  auto model = nlp::NerModel::Load(ModelPath(models_dir, "ner.model"));
  if (!model.ok()) return Fail("eval ner", model.status());
  nlp::NerEvalOptions options;
  options.subset = dev_only ? nlp::NerSubset::kDev : nlp::NerSubset::kAll;
  auto r = nlp::EvaluateNer(**model, file, options);
  if (!r.ok()) return Fail("eval ner " + file, r.status());
  json per_type;
  for (int t = 0; t < nlp::kNumEntityTypes; ++t) {
    const nlp::NerScore& s = r->per_type[t];
    json entry = Scores(s.precision(), s.recall(), s.f1());
    entry["support"] = s.gold;
    per_type[std::string(nlp::EntityTypeName(static_cast<nlp::EntityType>(t)))] = entry;
  }
  json out = {{"file", file},
              {"subset", dev_only ? "dev" : "all"},
              {"sentences", r->sentences},
              {"per_type", per_type},
              {"micro", Scores(r->micro.precision(), r->micro.recall(), r->micro.f1())},
              {"sentences_per_second", r->sentences_per_second}};
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int RunEvalTopics(const std::string& file, const std::string& models_dir) {
  auto model = nlp::TopicModel::Load(ModelPath(models_dir, "topic.model"));
  if (!model.ok()) return Fail("eval topics", model.status());
  auto r = nlp::EvaluateTopics(**model, file);
  if (!r.ok()) return Fail("eval topics " + file, r.status());
  json per_label;
  for (const nlp::TopicLabelMetrics& m : r->per_label) {
    json entry = Scores(m.precision, m.recall, m.f1);
    entry["support"] = m.support;
    per_label[std::string(m.id)] = entry;
  }
  json out = {{"file", file},
              {"documents", r->docs},
              {"skipped", r->skipped},
              {"accuracy", r->accuracy},
              {"ambiguous_documents", r->ambiguous_docs},
              {"accuracy_any_label", r->accuracy_any_label},
              {"macro_f1", r->macro_f1},
              {"per_label", per_label},
              {"documents_per_second", r->docs_per_second}};
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int RunEvalDates(const std::string& dir) {
  auto r = nlp::EvaluateDates(dir);
  if (!r.ok()) return Fail("eval dates " + dir, r.status());
  json out = {{"dir", dir},
              {"documents", r->documents},
              {"gold", r->gold},
              {"found", r->found},
              {"strict", Scores(r->strict.precision, r->strict.recall, r->strict.f1)},
              {"relaxed", Scores(r->relaxed.precision, r->relaxed.recall, r->relaxed.f1)},
              {"value_accuracy", r->value_accuracy},
              {"value_gold", r->value_gold}};
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace khabar::cli
