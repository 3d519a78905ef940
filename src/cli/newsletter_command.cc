// `khabar newsletter send|define|list`: building the due newsletter
// editions and delivering the mail outbox over SMTP.
#include <cstdlib>
#include <memory>
#include <string>

#include <fmt/core.h>

#include "cli/commands.h"
#include "extract/dates.h"
#include "net/smtp.h"
#include "service/accounts.h"
#include "service/for_you.h"
#include "service/library.h"
#include "service/news.h"
#include "service/newsletters.h"
#include "service/outbox.h"

namespace khabar::cli {
namespace {

Result<std::unique_ptr<service::Library>> OpenForWriting(
    const std::string& data_dir) {
  service::LibraryOptions options;
  options.data_dir = data_dir;
  return service::Library::Open(options);
}

bool IsSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64) return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

std::string EnvOr(const char* name, const std::string& value) {
  if (!value.empty()) return value;
  const char* env = std::getenv(name);
  return env != nullptr ? std::string(env) : std::string();
}

void PrintOutboxCounts(store::ReaderStore& readers) {
  Result<store::OutboxCounts> counts = readers.CountOutbox();
  if (!counts.ok()) return;
  fmt::print("outbox: {} queued, {} sending, {} sent, {} failed\n",
             counts->queued, counts->sending, counts->sent, counts->failed);
}

}  // namespace

int RunNewsletterSend(const std::string& data_dir,
                      const NewsletterSendOptions& options) {
  // A bad SMTP URL is refused before anything is built or queued.
  const std::string smtp_url = EnvOr("KHABAR_SMTP_URL", options.smtp_url);
  Result<net::SmtpConfig> smtp = net::SmtpConfig{};
  if (!smtp_url.empty()) {
    smtp = net::ParseSmtpUrl(smtp_url);
    if (!smtp.ok()) return Fail("--smtp", smtp.status());
  }
  auto lib = OpenForWriting(data_dir);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  store::ArticleStore& articles = (*lib)->store();
  store::ReaderStore& readers = (*lib)->readers();

  service::NewslettersOptions newsletter_options;
  if (!options.at.empty()) {
    const std::optional<UnixSeconds> at = extract::ParseDateTime(options.at);
    if (!at) {
      return Fail("newsletter send",
                  Status::InvalidArgument("--at: not an ISO 8601 time: " + options.at));
    }
    newsletter_options.now = [t = *at] { return t; };
  }
  if (!options.base_url.empty()) newsletter_options.base_url = options.base_url;
  if (!options.mail_from.empty()) {
    newsletter_options.mail_from = options.mail_from;
  }
  service::AccountsOptions account_options;
  account_options.now = newsletter_options.now;
  account_options.base_url = newsletter_options.base_url;
  account_options.mail_from = newsletter_options.mail_from;
  service::Accounts accounts(readers, account_options);
  service::ForYou for_you(articles, readers, &(*lib)->searcher());
  service::Newsletters newsletters(articles, readers, accounts, for_you,
                                   newsletter_options);
  if (Status s = newsletters.EnsureDefaults(); !s.ok()) {
    return Fail("newsletter send", s);
  }

  Result<service::EditionReport> editions =
      newsletters.BuildDue(options.dry_run);
  if (!editions.ok()) return Fail("newsletter send", editions.status());
  for (const std::string& line : editions->lines) fmt::print("{}\n", line);
  fmt::print("editions: {} {}, {} skipped\n", editions->built,
             options.dry_run ? "would be built" : "queued", editions->skipped);
  if (options.dry_run) {
    PrintOutboxCounts(readers);
    return kExitOk;
  }

  if (smtp_url.empty()) {
    fmt::print(stderr,
               "khabar: newsletter send: no SMTP server (--smtp or "
               "KHABAR_SMTP_URL); the mail stays queued\n");
    PrintOutboxCounts(readers);
    return kExitOk;
  }
  service::SmtpMailTransport transport(std::move(smtp).value());
  service::OutboxOptions outbox;
  outbox.ignore_backoff = options.retry_now;
  outbox.now = newsletter_options.now;
  Result<service::DeliveryReport> delivery =
      service::DeliverOutbox(readers, transport, outbox);
  if (!delivery.ok()) return Fail("deliver", delivery.status());
  fmt::print("mail: {} sent, {} to retry later, {} failed for good\n",
             delivery->sent, delivery->retried, delivery->failed);
  if (!delivery->last_error.empty()) {
    fmt::print(stderr, "khabar: last SMTP error: {}\n", delivery->last_error);
  }
  PrintOutboxCounts(readers);
  return delivery->retried > 0 || delivery->failed > 0 ? kExitFailure : kExitOk;
}

int RunNewsletterDefine(const std::string& data_dir, const std::string& slug,
                        const std::string& name, const std::string& cadence,
                        const std::string& topic) {
  if (!IsSlug(slug)) {
    return Fail("newsletter define",
                Status::InvalidArgument("--slug takes a-z, 0-9 and '-'"));
  }
  if (slug == "daily" || slug == "weekly") {
    return Fail("newsletter define",
                Status::InvalidArgument("'daily' and 'weekly' are the "
                                        "built-in digests"));
  }
  bool known = false;
  std::string sections;
  for (const service::SectionName& section : service::AllSections()) {
    known = known || section.id == topic;
    sections += (sections.empty() ? "" : ", ") + section.id;
  }
  if (!known) {
    return Fail("newsletter define",
                Status::InvalidArgument("unknown topic '" + topic +
                                        "' (known: " + sections + ")"));
  }
  auto lib = OpenForWriting(data_dir);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  store::Newsletter newsletter;
  newsletter.slug = slug;
  newsletter.name = name;
  newsletter.cadence = cadence;
  newsletter.kind = "topic";
  newsletter.topic = topic;
  Result<int64_t> id = (*lib)->readers().PutNewsletter(newsletter);
  if (!id.ok()) return Fail("newsletter define", id.status());
  fmt::print("newsletter {} '{}' ({}, topic {})\n", *id, slug, cadence, topic);
  return kExitOk;
}

int RunNewsletterList(const std::string& data_dir) {
  auto lib = OpenForWriting(data_dir);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  store::ReaderStore& readers = (*lib)->readers();
  Result<std::vector<store::Newsletter>> all = readers.Newsletters();
  if (!all.ok()) return Fail("newsletter list", all.status());
  if (all->empty()) {
    fmt::print(
        "no newsletters yet (`newsletter send` creates daily and "
        "weekly)\n");
  }
  for (const store::Newsletter& n : *all) {
    Result<std::vector<store::Subscription>> active =
        readers.ActiveSubscriptions(n.id);
    if (!active.ok()) return Fail("newsletter list", active.status());
    fmt::print("{:>3}  {:<16} {:<7} {:<6} {:<12} {:>5} subscribers  {}\n", n.id,
               n.slug, n.cadence, n.kind, n.topic.empty() ? "-" : n.topic,
               active->size(), n.name);
  }
  PrintOutboxCounts(readers);
  return kExitOk;
}

}  // namespace khabar::cli
