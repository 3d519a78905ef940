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
  std::string models_dir;
  app.add_option("--models", models_dir,
                 "Folder of trained models (default: $KHABAR_MODELS or the "
                 "repository's models/)");

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
  std::string published;
  analyze->add_option("--published", published,
                      "Publication date YYYY-MM-DD (anchors اليوم, أمس ...)");

  ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the reader's web site, feeds and JSON API");
  serve->add_option("--port", serve_options.port, "TCP port (0 = any free)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--bind", serve_options.bind, "Address to listen on")
      ->capture_default_str();
  serve->add_option("--threads", serve_options.threads, "Server threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--base-url", serve_options.base_url,
                    "Public URL of the site, for feeds and canonical links "
                    "(default: http://BIND:PORT)");
  serve->add_option("--fonts", serve_options.fonts_dir,
                    "Folder of .woff2 web fonts served under /static/fonts/ "
                    "(default: the repository's node_modules copy of "
                    "@fontsource/noto-naskh-arabic)");
  serve->add_option("--page-cache-mb", serve_options.page_cache_mb,
                    "Memory for rendered pages (0 renders every request)")
      ->check(CLI::Range(0, 65536))
      ->capture_default_str();
  serve->add_option("--access-log", serve_options.access_log,
                    "Access log file, '-' for stderr, 'off' for none")
      ->capture_default_str();

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

  std::string eval_file;
  bool dev_only = false;
  CLI::App* eval_ner = eval->add_subcommand(
      "ner", "Entity P/R/F1 (exact spans) on a CoNLL file");
  eval_ner->add_option("file", eval_file, "CoNLL file (TOKEN TAG per line)")->required();
  eval_ner->add_flag("--dev", dev_only,
                     "Score only the held-out tail (the split `train ner` keeps out)");
  CLI::App* eval_topics = eval->add_subcommand(
      "topics", "Topic accuracy on a labeled JSONL file");
  eval_topics->add_option("file", eval_file, "JSONL with text and label")->required();
  CLI::App* eval_dates = eval->add_subcommand(
      "dates", "Date detection and value accuracy on TimeML files");
  eval_dates->add_option("dir", eval_file, "Folder of .tml files")->required();

  CLI::App* train = app.add_subcommand("train", "Rebuild a shipped model");
  train->require_subcommand(1);
  std::vector<std::string> train_files;
  std::string out;
  CLI::App* train_ner =
      train->add_subcommand("ner",
                            "Entity tagger from CoNLL files (+ unlabelled "
                            "*.jsonl news for word clusters)");
  CLI::App* train_topics = train->add_subcommand("topics", "Topic classifier from JSONL");
  CLI::App* train_idf = train->add_subcommand("idf", "Keyword IDF table from JSONL");
  for (CLI::App* t : {train_ner, train_topics, train_idf}) {
    t->add_option("files", train_files, "Training files")->required();
    t->add_option("--out", out, "Model file to write")->required();
  }

  CLI11_PARSE(app, argc, argv);

  if (*ingest) return RunIngest(data_dir, ingest_paths, models_dir);
  if (*serve) return RunServe(data_dir, serve_options);
  if (*search) return RunSearch(data_dir, query, limit, offset, json);
  if (*show) return RunShow(data_dir, id, json);
  if (*analyze) return RunAnalyze(analyze_path, json, published, models_dir);
  if (*eval_search) {
    return RunEvalSearch(corpus, queries, field, analyzers, max_queries);
  }
  if (*eval_ner) return RunEvalNer(eval_file, models_dir, dev_only);
  if (*eval_topics) return RunEvalTopics(eval_file, models_dir);
  if (*eval_dates) return RunEvalDates(eval_file);
  if (*train_ner) return RunTrainNer(train_files, out);
  if (*train_topics) return RunTrainTopics(train_files, out);
  if (*train_idf) return RunTrainIdf(train_files, out);
  return kExitUsage;
}
