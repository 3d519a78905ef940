// `khabar eval extract DIR`: main-content extraction scored against gold
// text (see extract/extract_eval.h and eval/extract/README.md).
#include <fmt/core.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "extract/extract_eval.h"

namespace khabar::cli {
namespace {

constexpr double kLowF1 = 0.9;

nlohmann::json Scores(const extract::TokenOverlap& s) {
  return {{"precision", s.Precision()},
          {"recall", s.Recall()},
          {"f1", s.F1()},
          {"extracted_tokens", s.extracted},
          {"gold_tokens", s.gold},
          {"overlap_tokens", s.overlap}};
}

}  // namespace

int RunEvalExtract(const std::string& dir, bool json) {
  Result<extract::ExtractEvalReport> r = extract::EvaluateExtractDir(dir);
  if (!r.ok()) return Fail("eval extract", r.status());
  if (json) {
    nlohmann::json out;
    out["overall"] = Scores(r->overall);
    out["overall"]["pages"] = r->pages.size();
    for (const extract::ExtractEvalGroup& g : r->groups) {
      out["groups"][g.group] = Scores(g.score);
      out["groups"][g.group]["pages"] = g.pages;
    }
    out["low_pages"] = nlohmann::json::array();
    for (const extract::ExtractEvalPage& p : r->pages) {
      if (p.score.F1() >= kLowF1) continue;
      nlohmann::json page = Scores(p.score);
      page["name"] = p.name;
      if (!p.error.empty()) page["error"] = p.error;
      out["low_pages"].push_back(page);
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("{:<16} {:>5} {:>7} {:>7} {:>7}\n", "template", "pages", "P", "R",
             "F1");
  for (const extract::ExtractEvalGroup& g : r->groups) {
    fmt::print("{:<16} {:>5} {:>7.4f} {:>7.4f} {:>7.4f}\n", g.group, g.pages,
               g.score.Precision(), g.score.Recall(), g.score.F1());
  }
  fmt::print("{:<16} {:>5} {:>7.4f} {:>7.4f} {:>7.4f}\n", "overall (micro)",
             r->pages.size(), r->overall.Precision(), r->overall.Recall(),
             r->overall.F1());
  int low = 0;
  for (const extract::ExtractEvalPage& p : r->pages) {
    if (p.score.F1() >= kLowF1) continue;
    if (low++ == 0) fmt::print("\npages below F1 {}:\n", kLowF1);
    fmt::print("  {:<28} P {:.4f} R {:.4f} F1 {:.4f}{}\n", p.name,
               p.score.Precision(), p.score.Recall(), p.score.F1(),
               p.error.empty() ? "" : "  (" + p.error + ")");
  }
  return kExitOk;
}

}  // namespace khabar::cli
