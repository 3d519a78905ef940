// topic_tool: trains and evaluates the nlp/topic models from the command
// line until `khabar train topics` / `khabar eval topics` are wired in cli/.
//
//   topic_tool train-topics --out models/topic.model [--bits N] [--epochs N]
//       [--lr X] [--l2 X] [--title-weight X] [--no-bigrams]
//       [--keep-conflicting] TRAIN.jsonl...
//   topic_tool eval-topics MODEL DEV.jsonl...
//   topic_tool predict-topics MODEL FILE.jsonl   (gold, predicted, title)
//   topic_tool build-idf --out models/idf.model [--max-terms N] TRAIN.jsonl...
//   topic_tool keywords IDF_MODEL FILE.jsonl [N]    (first N docs)
//   topic_tool summarize FILE.jsonl [N]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/topic/keywords.h"
#include "nlp/topic/labeled_corpus.h"
#include "nlp/topic/summarizer.h"
#include "nlp/topic/taxonomy.h"
#include "nlp/topic/topic_model.h"

namespace {

using khabar::Status;
namespace nlp = khabar::nlp;

int Fail(const Status& st) {
  std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
  return 1;
}

int Usage() {
  std::fprintf(stderr,
               "usage: topic_tool train-topics --out FILE [options] "
               "TRAIN.jsonl...\n"
               "       topic_tool eval-topics MODEL DEV.jsonl...\n"
               "       topic_tool predict-topics MODEL FILE.jsonl\n"
               "       topic_tool build-idf --out FILE [--max-terms N] "
               "TRAIN.jsonl...\n"
               "       topic_tool keywords IDF_MODEL FILE.jsonl [N]\n"
               "       topic_tool summarize FILE.jsonl [N]\n");
  return 2;
}

std::vector<std::string> SplitParagraphs(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int TrainTopicsCommand(const std::vector<std::string>& args) {
  nlp::TopicTrainOptions options;
  options.verbose = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--out" && has_value) {
      options.output_path = args[++i];
    } else if (a == "--bits" && has_value) {
      options.features.hash_bits = std::stoi(args[++i]);
    } else if (a == "--epochs" && has_value) {
      options.epochs = std::stoi(args[++i]);
    } else if (a == "--lr" && has_value) {
      options.learning_rate = std::stof(args[++i]);
    } else if (a == "--l2" && has_value) {
      options.l2 = std::stof(args[++i]);
    } else if (a == "--title-weight" && has_value) {
      options.features.title_weight = std::stof(args[++i]);
    } else if (a == "--no-bigrams") {
      options.features.bigrams = false;
    } else if (a == "--keep-conflicting") {
      options.drop_conflicting_duplicates = false;
    } else if (a.starts_with("--")) {
      return Usage();
    } else {
      options.train_files.push_back(a);
    }
  }
  if (Status st = nlp::TrainTopics(options); !st.ok()) return Fail(st);
  std::printf("wrote %s\n", options.output_path.c_str());
  return 0;
}

int EvalTopicsCommand(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage();
  auto model = nlp::TopicModel::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto r = nlp::EvaluateTopics(**model, args[i]);
    if (!r.ok()) return Fail(r.status());
    std::printf(
        "%s\n  docs %d (skipped %d)  accuracy %.2f%%  "
        "any-label accuracy %.2f%% (%d ambiguous docs)  "
        "macro-F1 %.3f  %.0f docs/s\n",
        args[i].c_str(), r->docs, r->skipped, 100 * r->accuracy,
        100 * r->accuracy_any_label, r->ambiguous_docs, r->macro_f1,
        r->docs_per_second);
    std::printf("  %-12s %7s %7s %7s %7s\n", "section", "P", "R", "F1",
                "support");
    for (const nlp::TopicLabelMetrics& m : r->per_label) {
      if (m.support == 0 && m.predicted == 0) continue;
      std::printf("  %-12.*s %7.3f %7.3f %7.3f %7d\n",
                  static_cast<int>(m.id.size()), m.id.data(), m.precision,
                  m.recall, m.f1, m.support);
    }
    std::printf(
        "  confusion (rows gold, columns predicted, Sections() "
        "order):\n");
    for (const auto& row : r->confusion) {
      std::printf("   ");
      for (int c : row) std::printf(" %5d", c);
      std::printf("\n");
    }
  }
  return 0;
}

// One line per document: gold label, predicted section, confidence, title;
// for error analysis.
int PredictTopicsCommand(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage();
  auto model = nlp::TopicModel::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  auto docs = nlp::ReadLabeledJsonl(args[1]);
  if (!docs.ok()) return Fail(docs.status());
  for (const nlp::LabeledDoc& d : *docs) {
    const nlp::TopicPrediction p = (*model)->Predict(d.title, d.text);
    std::printf("%s\t%.*s\t%.3f\t%s\n", d.label.c_str(),
                static_cast<int>(p.id.size()), p.id.data(), p.confidence,
                d.title.c_str());
  }
  return 0;
}

int BuildIdfCommand(const std::vector<std::string>& args) {
  std::string out;
  std::size_t max_terms = nlp::kDefaultIdfTerms;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) {
      out = args[++i];
    } else if (args[i] == "--max-terms" && i + 1 < args.size()) {
      max_terms = std::stoul(args[++i]);
    } else if (args[i].starts_with("--")) {
      return Usage();
    } else {
      files.push_back(args[i]);
    }
  }
  if (Status st = nlp::BuildIdf(files, max_terms, out); !st.ok()) {
    return Fail(st);
  }
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

int KeywordsCommand(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage();
  auto extractor = nlp::KeywordExtractor::Load(args[0]);
  if (!extractor.ok()) return Fail(extractor.status());
  auto docs = nlp::ReadLabeledJsonl(args[1]);
  if (!docs.ok()) return Fail(docs.status());
  const std::size_t limit = args.size() > 2 ? std::stoul(args[2]) : 5;
  for (std::size_t i = 0; i < docs->size() && i < limit; ++i) {
    const nlp::LabeledDoc& d = (*docs)[i];
    std::printf("%s\n ", d.title.c_str());
    for (const nlp::Keyword& k :
         (*extractor)->Extract(d.title, SplitParagraphs(d.text))) {
      std::printf(" %s(%s %.2f)", k.surface.c_str(), k.stem.c_str(), k.score);
    }
    std::printf("\n");
  }
  return 0;
}

int SummarizeCommand(const std::vector<std::string>& args) {
  if (args.empty()) return Usage();
  auto docs = nlp::ReadLabeledJsonl(args[0]);
  if (!docs.ok()) return Fail(docs.status());
  const std::size_t limit = args.size() > 1 ? std::stoul(args[1]) : 5;
  for (std::size_t i = 0; i < docs->size() && i < limit; ++i) {
    const nlp::LabeledDoc& d = (*docs)[i];
    std::printf("# %s\n", d.title.c_str());
    for (const std::string& s :
         nlp::Summarize(d.title, SplitParagraphs(d.text))) {
      std::printf("  - %s\n", s.c_str());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string_view command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "train-topics") return TrainTopicsCommand(args);
  if (command == "eval-topics") return EvalTopicsCommand(args);
  if (command == "predict-topics") return PredictTopicsCommand(args);
  if (command == "build-idf") return BuildIdfCommand(args);
  if (command == "keywords") return KeywordsCommand(args);
  if (command == "summarize") return SummarizeCommand(args);
  return Usage();
}
