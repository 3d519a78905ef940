// Newsletters: double opt-in subscriptions, editions built once per reader
// and period, and the outbox that delivers them.
//
// Digest newsletters ("daily", "weekly") are built from each reader's
// follows and "For you": the top items since the reader's last edition,
// grouped by what they follow. Topic newsletters (an operator defines them
// with `khabar newsletter define`) carry the newest articles of one topic.
//
// Every message is a multipart/alternative mail (service/mail.h) with
// List-Unsubscribe (an HTTPS one-click link) and List-Unsubscribe-Post:
// List-Unsubscribe=One-Click (RFC 8058). An edition is recorded together
// with its queued message (store::ReaderStore::QueueEdition), so it is never
// built or sent twice.
#ifndef KHABAR_SERVICE_NEWSLETTERS_H_
#define KHABAR_SERVICE_NEWSLETTERS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "service/accounts.h"
#include "service/for_you.h"
#include "store/article_store.h"
#include "store/reader_store.h"

namespace khabar::service {

struct NewslettersOptions {
  std::string base_url = "http://localhost:8080";
  std::string mail_from = "Khabar <news@localhost>";
  std::function<UnixSeconds()> now = NowUnixSeconds;
  int max_items = 12;  // per edition
};

struct EditionReport {
  int built = 0;     // editions queued (or, dry run, that would be)
  int skipped = 0;   // already built for the period, or nothing new
  std::vector<std::string> lines;  // one per edition, for the CLI
};

// The period key of an edition at `now`: "2026-11-26" (UTC day) for
// cadence "daily", "2026-W48" (ISO 8601 week) for "weekly".
std::string NewsletterPeriod(std::string_view cadence, UnixSeconds now);

class Newsletters {
 public:
  Newsletters(store::ArticleStore& articles, store::ReaderStore& readers,
              Accounts& accounts, ForYou& for_you,
              NewslettersOptions options);

  // Creates the built-in digests ("daily", "weekly") when missing.
  Status EnsureDefaults();

  // Starts (or restarts) a subscription and queues its confirmation mail;
  // a verified address is required (PermissionDenied otherwise).
  Result<store::Subscription> Subscribe(store::UserId user,
                                        int64_t newsletter);
  // The emailed confirmation link: /newsletters/confirm?s=ID&t=TOKEN.
  Status Confirm(int64_t subscription, std::string_view token);
  // One-click unsubscribe (RFC 8058), no login: /newsletters/unsubscribe?
  // s=ID&t=TOKEN, by POST. Also what the account page's button calls.
  Status Unsubscribe(int64_t subscription, std::string_view token);
  Status UnsubscribeByReader(store::UserId user, int64_t subscription);

  // The HTML and text of the reader's next edition, built now, not queued.
  struct Preview {
    std::string subject, html, text;
    int items = 0;
  };
  Result<Preview> PreviewEdition(store::UserId user, int64_t newsletter);

  // Builds and queues every edition that is due at now (daily: once per
  // UTC day; weekly: once per ISO week). dry_run queues nothing.
  Result<EditionReport> BuildDue(bool dry_run);

 private:
  store::ArticleStore& articles_;
  store::ReaderStore& readers_;
  Accounts& accounts_;
  ForYou& for_you_;
  NewslettersOptions options_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_NEWSLETTERS_H_
