// ner_tool: train, evaluate and time the NER model from the command line,
// until `khabar train ner` / `khabar eval ner` are wired to the same calls.
//
//   ner_tool train --out models/ner.model [--newsfane FILE] [--epochs N]
//                  [--dev-fraction F] [--hash-bits B] [--prune Q] [--seed S]
//                  ANERCORP... [UNLABELLED.jsonl...]
//   ner_tool eval --model M [--format anercorp|newsfane] [--subset all|dev|train]
//                 [--dev-fraction F] [--reference ANERCORP] [--no-misc] FILE
//   ner_tool find --model M FILE        (prints mentions of a text file)
//   ner_tool group --model M FILE       (prints the grouped entities)
//   ner_tool bench --model M FILE [--repeat N]  (Find() sentences/s)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/file.h"
#include "nlp/ner/entity_grouping.h"
#include "nlp/ner/ner.h"
#include "text/sentence.h"

namespace {

using khabar::nlp::NerModel;

int Fail(const khabar::Status& status) {
  std::fprintf(stderr, "ner_tool: %s\n", status.ToString().c_str());
  return 1;
}

int Usage() {
  std::fprintf(stderr,
               "usage: ner_tool train --out M [--newsfane F] [--epochs N] "
               "[--dev-fraction F] [--hash-bits B] [--prune Q] [--seed S] "
               "FILES...\n"
               "       ner_tool eval --model M [--format anercorp|newsfane] "
               "[--subset all|dev|train] [--reference F] [--no-misc] FILE\n"
               "       ner_tool find --model M FILE\n"
               "       ner_tool bench --model M [--repeat N] FILE\n");
  return 2;
}

struct Args {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> flags;
  std::string Get(const std::string& name, const std::string& def = "") const {
    for (const auto& [k, v] : flags) {
      if (k == name) return v;
    }
    return def;
  }
  bool Has(const std::string& name) const {
    for (const auto& [k, v] : flags) {
      if (k == name) return true;
    }
    return false;
  }
};

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-misc") {
      args.flags.emplace_back(a, "1");
    } else if (a.rfind("--", 0) == 0 && i + 1 < argc) {
      args.flags.emplace_back(a, argv[++i]);
    } else {
      args.positional.push_back(a);
    }
  }
  return args;
}

khabar::Result<std::unique_ptr<NerModel>> LoadModel(const Args& args) {
  return NerModel::Load(args.Get("--model", "models/ner.model"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  const Args args = ParseArgs(argc, argv);
  if (command == "train") {
    khabar::nlp::NerTrainOptions options;
    options.train_files = args.positional;
    options.output_path = args.Get("--out");
    options.newsfane_file = args.Get("--newsfane");
    options.epochs = std::atoi(args.Get("--epochs", "10").c_str());
    options.dev_fraction = std::atof(args.Get("--dev-fraction", "0.1").c_str());
    options.hash_bits = std::atoi(args.Get("--hash-bits", "18").c_str());
    options.prune_threshold = std::atoi(args.Get("--prune", "0").c_str());
    if (args.Has("--seed")) {
      options.seed = static_cast<uint32_t>(std::stoul(args.Get("--seed")));
    }
    const khabar::Status status = khabar::nlp::TrainNer(options);
    return status.ok() ? 0 : Fail(status);
  }
  if (args.positional.size() != 1) return Usage();
  auto model = LoadModel(args);
  if (!model.ok()) return Fail(model.status());
  if (command == "eval") {
    khabar::nlp::NerEvalOptions options;
    if (args.Get("--format") == "newsfane") {
      options.format = khabar::nlp::CorpusFormat::kNewsFane;
    }
    const std::string subset = args.Get("--subset", "all");
    options.subset = subset == "dev"     ? khabar::nlp::NerSubset::kDev
                     : subset == "train" ? khabar::nlp::NerSubset::kTrain
                                         : khabar::nlp::NerSubset::kAll;
    options.dev_fraction = std::atof(args.Get("--dev-fraction", "0.1").c_str());
    options.split_reference = args.Get("--reference");
    options.score_misc = !args.Has("--no-misc");
    auto result =
        khabar::nlp::EvaluateNer(**model, args.positional[0], options);
    if (!result.ok()) return Fail(result.status());
    std::printf("%s", khabar::nlp::FormatNerEval(*result).c_str());
    return 0;
  }
  auto text = khabar::ReadFile(args.positional[0]);
  if (!text.ok()) return Fail(text.status());
  if (command == "find") {
    for (const auto& m : (*model)->Find(*text)) {
      std::printf("%u\t%u\t%s\t%s\n", m.begin, m.end,
                  std::string(khabar::nlp::EntityTypeName(m.type)).c_str(),
                  m.text.c_str());
    }
    return 0;
  }
  if (command == "group") {
    for (const auto& e : khabar::nlp::GroupEntities(*text, (*model)->Find(*text))) {
      std::printf("%s\t%s\t%s\t%u\n",
                  std::string(khabar::nlp::EntityTypeName(e.type)).c_str(),
                  e.name.c_str(), e.key.c_str(), e.count);
    }
    return 0;
  }
  if (command == "bench") {
    const int repeat = std::atoi(args.Get("--repeat", "20").c_str());
    const std::size_t sentences = khabar::text::SplitSentences(*text).size();
    std::size_t mentions = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeat; ++i) mentions += (*model)->Find(*text).size();
    const double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - start)
                               .count();
    std::printf("%zu sentences x %d in %.3fs: %.0f sentences/s (%zu mentions)\n",
                sentences, repeat, seconds,
                static_cast<double>(sentences) * repeat / seconds, mentions);
    return 0;
  }
  return Usage();
}
