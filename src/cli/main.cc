// khabar: the command line of the Khabar news platform.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/admin_command.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f) a write fails with EFBIG instead of
  // killing the process, so every command reports it like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  using namespace khabar::cli;  // NOLINT: the command table reads better

  CLI::App app{"Khabar (خبر): an Arabic-first news platform"};
  app.require_subcommand(1);
  std::string data_dir = "khabar-data";
  app.add_option("--data", data_dir, "Data folder (holds khabar.db)")
      ->capture_default_str();
  std::string database;
  app.add_option("--database", database,
                 "Shared database URL, e.g. postgresql://user@host/khabar: "
                 "several `serve --no-poll` and `worker` processes use one "
                 "(replaces --data)")
      ->envname("KHABAR_DATABASE");
  std::string models_dir;
  app.add_option("--models", models_dir,
                 "Folder of trained models (default: $KHABAR_MODELS or the "
                 "repository's models/)");

  std::vector<std::string> ingest_paths;
  CLI::App* ingest = app.add_subcommand(
      "ingest",
      "Ingest .txt scrapes, saved .html pages and .jsonl files, or folders of them");
  ingest->add_option("paths", ingest_paths, "Files or folders")->required();
  bool ingest_queue = false;
  ingest->add_flag("--queue", ingest_queue,
                   "Queue one job per path for `khabar worker` (prints the "
                   "job ids) instead of ingesting here");

  WorkerCommand worker_command;
  CLI::App* worker = app.add_subcommand(
      "worker",
      "Run queued ingest jobs and poll due sources (with a shared database, "
      "next to `serve --no-poll`)");
  worker->add_option("--threads", worker_command.threads,
                     "Jobs run at once (each thread has its own connection)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  worker->add_flag("--once", worker_command.once,
                   "Exit when no job is due (tests, cron)");
  worker->add_option("--lease", worker_command.lease_s,
                     "Seconds a claimed job stays ours before another worker "
                     "may take it over")
      ->check(CLI::Range(10, 86400))
      ->capture_default_str();
  worker->add_option("--allow-host", worker_command.allow_hosts,
                     "Let sources fetch from this host even if it is private "
                     "or loopback (repeatable; also $KHABAR_ALLOW_HOSTS)");
  worker->add_option("--host-delay-ms", worker_command.host_delay_ms,
                     "Least time between two requests to one host")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();

  std::vector<int64_t> job_ids;
  bool jobs_json = false;
  CLI::App* jobs = app.add_subcommand(
      "jobs", "The ingest job queue: counts by state, and the jobs named");
  jobs->add_option("ids", job_ids, "Job ids to show");
  jobs->add_flag("--json", jobs_json, "JSON output");

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

  CLI::App* reindex = app.add_subcommand(
      "reindex",
      "Rebuild the search index if this binary's analyzer revision changed");

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
  serve->add_option("--smtp", serve_options.smtp_url,
                    "SMTP server for account mail and newsletters, e.g. "
                    "smtp://user:pass@host:587?starttls=required "
                    "(default: $KHABAR_SMTP_URL; none = mail waits in the outbox)");
  serve->add_option("--mail-from", serve_options.mail_from,
                    "Sender of account mail and newsletters, e.g. "
                    "\"خبر <news@example.org>\"");
  serve->add_option("--mail-interval", serve_options.mail_interval_seconds,
                    "Seconds between newsletter/outbox runs")
      ->check(CLI::Range(1, 86400));

  serve->add_flag("!--no-poll", serve_options.poll,
                  "Do not poll the sources: `khabar worker` processes do "
                  "(the way to run several instances on one --database)");
  serve->add_flag("--read-only", serve_options.read_only,
                  "Serve reads only, from a hot standby or a read-only copy: "
                  "pages, search, feeds and the public API; sign-in, saving, "
                  "following and newsletters answer 503 (route them to a "
                  "read-write instance); no polling, no mail, nothing written");
  serve->add_option("--allow-host", serve_options.allow_hosts,
                    "Let sources fetch from this host even if it is private "
                    "or loopback (repeatable; also $KHABAR_ALLOW_HOSTS)");
  serve->add_option("--host-delay-ms", serve_options.host_delay_ms,
                    "Least time between two requests to one host")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();

  CLI::App* sources_cmd = app.add_subcommand(
      "sources", "Feeds, sites, pages and folders Khabar follows");
  sources_cmd->require_subcommand(1);
  SourcesCommand sources_options;
  sources_options.models_dir = models_dir;
  struct SourcesAction {
    const char* name;
    const char* help;
    const char* args_help;
    bool args_required;
  };
  const SourcesAction sources_actions[] = {
      {"add", "Follow feed/site/page URLs or local folders", "URL or FOLDER", true},
      {"list", "Every source with its status, last fetch and last error", "", false},
      {"remove", "Stop following sources (their articles stay)", "ID or URL", true},
      {"pause", "Stop polling sources until resumed", "ID or URL", true},
      {"resume", "Poll paused (or gone) sources again", "ID or URL", true},
      {"poll", "Fetch the due sources now (or the ones named)", "ID or URL", false},
      {"import", "Follow every feed of an OPML file", "FILE", true},
      {"export", "Print the sources as OPML", "", false},
  };
  std::vector<CLI::App*> sources_subcommands;
  for (const SourcesAction& action : sources_actions) {
    CLI::App* sub = sources_cmd->add_subcommand(action.name, action.help);
    if (*action.args_help) {
      CLI::Option* args =
          sub->add_option("which", sources_options.args, action.args_help);
      if (action.args_required) args->required();
    }
    sources_subcommands.push_back(sub);
  }
  for (CLI::App* sub : {sources_subcommands[1], sources_subcommands[5]}) {
    sub->add_flag("--json", sources_options.json, "JSON output");
  }
  sources_subcommands[5]->add_flag("--all", sources_options.all,
                                   "Every active source, due or not");
  sources_subcommands[5]->add_option(
      "--allow-host", sources_options.allow_hosts,
      "Let this host be fetched even if it is private or loopback "
      "(repeatable; also $KHABAR_ALLOW_HOSTS)");
  sources_subcommands[5]->add_option("--host-delay-ms",
                                     sources_options.host_delay_ms,
                                     "Least time between two requests to one host")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();

  std::string operator_email;
  CLI::App* operator_cmd = app.add_subcommand(
      "operator", "Who may manage sources on the admin page");
  operator_cmd->require_subcommand(1);
  CLI::App* operator_grant =
      operator_cmd->add_subcommand("grant", "Make an account an operator");
  CLI::App* operator_revoke =
      operator_cmd->add_subcommand("revoke", "Take operator rights away");
  for (CLI::App* sub : {operator_grant, operator_revoke}) {
    sub->add_option("email", operator_email, "The account's email")->required();
  }

  CLI::App* newsletter =
      app.add_subcommand("newsletter", "Newsletters: build, send, define");
  newsletter->require_subcommand(1);
  NewsletterSendOptions send_options;
  CLI::App* newsletter_send = newsletter->add_subcommand(
      "send", "Build the due editions, then deliver the mail outbox");
  newsletter_send->add_flag("--dry-run", send_options.dry_run,
                            "Show what would be built; queue and send nothing");
  newsletter_send->add_flag(
      "--retry-now", send_options.retry_now,
      "Try queued mail now, ignoring its backoff and the claims of senders "
      "that died (only when no other sender runs)");
  newsletter_send->add_option(
      "--smtp", send_options.smtp_url,
      "smtp[s]://user:pass@host:port[?starttls=required] "
      "(default: $KHABAR_SMTP_URL)");
  newsletter_send->add_option("--mail-from", send_options.mail_from,
                              "Sender, e.g. \"خبر <news@example.org>\"");
  newsletter_send->add_option("--base-url", send_options.base_url,
                              "Public URL of the site, for links in the mail");
  newsletter_send->add_option("--at", send_options.at,
                              "Build the editions due at this ISO 8601 time "
                              "(default: now)");
  std::string newsletter_slug, newsletter_name, newsletter_cadence,
      newsletter_topic;
  CLI::App* newsletter_define = newsletter->add_subcommand(
      "define", "Create or update a topic newsletter");
  newsletter_define->add_option("--slug", newsletter_slug, "e.g. topic-sport")
      ->required();
  newsletter_define->add_option("--name", newsletter_name, "Shown to readers")
      ->required();
  newsletter_define->add_option("--cadence", newsletter_cadence, "How often")
      ->check(CLI::IsMember({"daily", "weekly"}))
      ->required();
  newsletter_define->add_option("--topic", newsletter_topic, "Section id")
      ->required();
  CLI::App* newsletter_list =
      newsletter->add_subcommand("list", "Newsletters and their subscribers");

  CLI::App* mail = app.add_subcommand("mail", "The mail outbox");
  mail->require_subcommand(1);
  MailTestOptions mail_test;
  CLI::App* mail_test_cmd =
      mail->add_subcommand("test", "Queue test messages to check mail delivery");
  mail_test_cmd->add_option("--to", mail_test.to, "Recipient")->required();
  mail_test_cmd->add_option("--count", mail_test.count, "How many")
      ->check(CLI::Range(1, 1000));
  mail_test_cmd->add_option("--mail-from", mail_test.mail_from, "Sender");
  bool mail_status_json = false;
  CLI::App* mail_status_cmd =
      mail->add_subcommand("status", "Count the outbox's messages by state");
  mail_status_cmd->add_flag("--json", mail_status_json, "JSON output");

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
  bool eval_extract_json = false;
  CLI::App* eval_extract = eval->add_subcommand(
      "extract", "HTML article extraction: token P/R/F1 against gold text");
  eval_extract->add_option("dir", eval_file, "Folder of NAME.html + NAME.gold.txt")
      ->required();
  eval_extract->add_flag("--json", eval_extract_json, "JSON output");

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

  std::string migrate_from, migrate_to;
  bool migrate_check = false;
  CLI::App* migrate = app.add_subcommand(
      "migrate",
      "Copy a SQLite deployment into an empty PostgreSQL database, verified "
      "table by table (row counts and checksums), in one transaction");
  migrate->add_option("--from", migrate_from, "sqlite:DIR (or DIR)")->required();
  migrate->add_option("--to", migrate_to, "postgresql://... (an empty database)")
      ->required();
  migrate->add_flag("--check", migrate_check,
                    "Copy nothing; compare the two databases table by table");

  std::string backup_path;
  CLI::App* backup = app.add_subcommand(
      "backup",
      "Write a consistent backup while servers run: SQLite's online backup "
      "API (one file), or pg_dump for a --database URL");
  backup->add_option("--to", backup_path, "Backup file to write")->required();

  std::string restore_path;
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Restore a backup: into --data with servers stopped, or into an empty "
      "--database with pg_restore (one transaction)");
  restore->add_option("--from", restore_path, "Backup file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; any bad usage is our usage code, not
    // CLI11's own (105 for a malformed number, 106 for a missing value...).
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (!database.empty()) data_dir = database;

  if (*ingest) {
    if (ingest_queue) return RunIngestQueue(data_dir, ingest_paths);
    return RunIngest(data_dir, ingest_paths, models_dir);
  }
  if (*worker) {
    worker_command.models_dir = models_dir;
    return RunWorker(data_dir, worker_command);
  }
  if (*jobs) return RunJobs(data_dir, job_ids, jobs_json);
  if (*migrate) return RunMigrate(migrate_from, migrate_to, migrate_check);
  if (*backup) return RunBackup(data_dir, backup_path);
  if (*restore) return RunRestore(restore_path, data_dir);
  if (*serve) {
    serve_options.models_dir = models_dir;
    return RunServe(data_dir, serve_options);
  }
  for (CLI::App* sub : sources_subcommands) {
    if (*sub) {
      sources_options.action = sub->get_name();
      sources_options.models_dir = models_dir;
      return RunSources(data_dir, sources_options);
    }
  }
  if (*operator_grant) return RunOperator(data_dir, "grant", operator_email);
  if (*operator_revoke) return RunOperator(data_dir, "revoke", operator_email);
  if (*newsletter_send) return RunNewsletterSend(data_dir, send_options);
  if (*newsletter_define) {
    return RunNewsletterDefine(data_dir, newsletter_slug, newsletter_name,
                               newsletter_cadence, newsletter_topic);
  }
  if (*newsletter_list) return RunNewsletterList(data_dir);
  if (*mail_test_cmd) return RunMailTest(data_dir, mail_test);
  if (*mail_status_cmd) return RunMailStatus(data_dir, mail_status_json);
  if (*search) return RunSearch(data_dir, query, limit, offset, json);
  if (*show) return RunShow(data_dir, id, json);
  if (*reindex) return RunReindex(data_dir);
  if (*analyze) return RunAnalyze(analyze_path, json, published, models_dir);
  if (*eval_search) {
    return RunEvalSearch(corpus, queries, field, analyzers, max_queries);
  }
  if (*eval_ner) return RunEvalNer(eval_file, models_dir, dev_only);
  if (*eval_topics) return RunEvalTopics(eval_file, models_dir);
  if (*eval_dates) return RunEvalDates(eval_file);
  if (*eval_extract) return RunEvalExtract(eval_file, eval_extract_json);
  if (*train_ner) return RunTrainNer(train_files, out);
  if (*train_topics) return RunTrainTopics(train_files, out);
  if (*train_idf) return RunTrainIdf(train_files, out);
  return kExitUsage;
}
