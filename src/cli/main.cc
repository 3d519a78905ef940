// khabar: the command line of the Khabar news platform.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace khabar::cli;  // NOLINT: the command table reads better

  CLI::App app{"Khabar (خبر): an Arabic-first news platform"};
  app.require_subcommand(1);
  std::string data_dir = "khabar-data";
  app.add_option("--data", data_dir, "Data folder (holds khabar.db)")
      ->capture_default_str();

  std::vector<std::string> ingest_paths;
  CLI::App* ingest = app.add_subcommand(
      "ingest", "Ingest .txt scrapes and .jsonl files or folders of them");
  ingest->add_option("paths", ingest_paths, "Files or folders")->required();

  std::string query;
  int limit = 10;
  int offset = 0;
  bool json = false;
  CLI::App* search = app.add_subcommand("search", "Search stored articles");
  search->add_option("query", query, "Words, \"phrases\", -exclusions")
      ->required();
  search->add_option("--limit", limit, "Hits per page")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  search->add_option("--offset", offset, "Hits to skip")
      ->check(CLI::Range(0, 1000000));
  search->add_flag("--json", json, "Print JSON");

  int64_t id = 0;
  CLI::App* show = app.add_subcommand("show", "Print one stored article");
  show->add_option("id", id, "Article id")->required();
  show->add_flag("--json", json, "Print JSON");

  std::string analyze_path;
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Extract and analyze one file without storing it");
  analyze->add_option("file", analyze_path, "A .txt scrape")->required();
  analyze->add_flag("--json", json, "Print JSON");

  CLI::App* eval = app.add_subcommand("eval", "Evaluations on corpora");
  eval->require_subcommand(1);
  std::vector<std::string> corpus;
  std::string queries;
  std::string field = "title";
  std::vector<std::string> analyzers = {"khabar"};
  int max_queries = 0;
  CLI::App* eval_search = eval->add_subcommand(
      "search", "Known-item search: MRR@10 and recall of each query document");
  eval_search->add_option("--corpus", corpus, "JSONL corpus (repeatable)")
      ->required();
  eval_search->add_option("--queries", queries, "JSONL query documents")
      ->required();
  eval_search->add_option("--field", field, "Query field")
      ->check(CLI::IsMember({"title", "abstract"}))
      ->capture_default_str();
  eval_search
      ->add_option("--analyzer", analyzers,
                   "khabar, snowball, unicode61 (repeatable)")
      ->check(CLI::IsMember({"khabar", "snowball", "unicode61"}))
      ->capture_default_str();
  eval_search->add_option("--max-queries", max_queries, "Stop after N queries");

  CLI11_PARSE(app, argc, argv);

  if (*ingest) return RunIngest(data_dir, ingest_paths);
  if (*search) return RunSearch(data_dir, query, limit, offset, json);
  if (*show) return RunShow(data_dir, id, json);
  if (*analyze) return RunAnalyze(analyze_path, json);
  if (*eval_search) {
    return RunEvalSearch(corpus, queries, field, analyzers, max_queries);
  }
  return kExitUsage;
}
