#include "service/newsletters.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "service/library.h"
#include "service/secrets.h"

namespace khabar::service {
namespace {

constexpr UnixSeconds kNow = 1795689000;  // Thu 2026-11-26T09:10:00Z
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;
constexpr char kBaseUrl[] = "https://news.example.org";

// A parsed mail: headers and decoded parts, as a mail client sees them.
struct ParsedMail {
  std::string subject, list_unsubscribe, list_unsubscribe_post, list_id;
  std::string message_id, text, html;
};

std::string PartText(GMimeObject* part) {
  if (part == nullptr || !GMIME_IS_TEXT_PART(part)) return "";
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  std::string out = text != nullptr ? text : "";
  g_free(text);
  return out;
}

ParsedMail Parse(const std::string& mime) {
  g_mime_init();
  ParsedMail out;
  GMimeStream* stream =
      g_mime_stream_mem_new_with_buffer(mime.data(), mime.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  g_object_unref(stream);
  if (message == nullptr) return out;
  GMimeObject* object = GMIME_OBJECT(message);
  const auto header = [object](const char* name) {
    const char* value = g_mime_object_get_header(object, name);
    return std::string(value != nullptr ? value : "");
  };
  const char* subject = g_mime_message_get_subject(message);
  out.subject = subject != nullptr ? subject : "";
  out.list_unsubscribe = header("List-Unsubscribe");
  out.list_unsubscribe_post = header("List-Unsubscribe-Post");
  out.list_id = header("List-Id");
  const char* id = g_mime_message_get_message_id(message);
  out.message_id = id != nullptr ? id : "";
  GMimeObject* body = g_mime_message_get_mime_part(message);
  if (GMIME_IS_MULTIPART(body)) {
    GMimeMultipart* parts = GMIME_MULTIPART(body);
    for (int i = 0; i < g_mime_multipart_get_count(parts); ++i) {
      GMimeObject* part = g_mime_multipart_get_part(parts, i);
      GMimeContentType* type = g_mime_object_get_content_type(part);
      if (g_mime_content_type_is_type(type, "text", "html")) {
        out.html = PartText(part);
      } else {
        out.text = PartText(part);
      }
    }
  } else {
    out.text = PartText(body);
  }
  g_object_unref(message);
  return out;
}

class NewslettersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    UseFastPasswordHashingForTests();
    LibraryOptions options;
    options.in_memory = true;
    Result<std::unique_ptr<Library>> lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = std::move(lib).value();
    AccountsOptions account_options;
    account_options.base_url = kBaseUrl;
    account_options.now = [this] { return now_; };
    accounts_ = std::make_unique<Accounts>(readers(), account_options);
    for_you_ = std::make_unique<ForYou>(articles(), readers());
    NewslettersOptions newsletter_options;
    newsletter_options.base_url = kBaseUrl;
    newsletter_options.mail_from = "خبر <news@news.example.org>";
    newsletter_options.now = [this] { return now_; };
    newsletters_ = std::make_unique<Newsletters>(
        articles(), readers(), *accounts_, *for_you_, newsletter_options);
    ASSERT_TRUE(newsletters_->EnsureDefaults().ok());
  }

  store::ReaderStore& readers() { return library_->readers(); }
  store::ArticleStore& articles() { return library_->store(); }

  int64_t NewsletterId(std::string_view slug) {
    Result<std::vector<store::Newsletter>> all = readers().Newsletters();
    EXPECT_TRUE(all.ok());
    for (const store::Newsletter& n : *all) {
      if (n.slug == slug) return n.id;
    }
    ADD_FAILURE() << "no newsletter " << slug;
    return 0;
  }

  store::UserId AddReader(const std::string& email, bool verified = true) {
    store::User user;
    user.email = email;
    user.password_hash = "unused";
    user.display_name = "قارئ";
    user.created_at = now_;
    if (verified) user.verified_at = now_;
    Result<store::UserId> id = readers().CreateUser(user);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  store::ArticleId AddArticle(const std::string& title,
                              const std::string& topic, UnixSeconds at,
                              const std::string& source = "بي بي سي") {
    static int serial = 0;
    ++serial;
    store::Article article;
    article.url = "https://source.example/" + std::to_string(serial);
    article.source = source;
    article.title = title;
    article.paragraphs = {"الفقرة الأولى من الخبر " + title + ".",
                          "الفقرة الثانية."};
    article.published_at = at;
    article.ingested_at = at;
    article.content_hash = "hash" + std::to_string(serial);
    article.analysis.topic = topic;
    article.analysis.summary = {"ملخص الخبر: " + title};
    Result<store::PutResult> put = articles().Put(article);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? put->id : 0;
  }

  // Subscribes and confirms with the right token.
  store::Subscription SubscribeConfirmed(store::UserId user,
                                         int64_t newsletter) {
    Result<store::Subscription> sub = newsletters_->Subscribe(user, newsletter);
    EXPECT_TRUE(sub.ok()) << sub.status().ToString();
    if (!sub.ok()) return {};
    Result<std::string> token =
        accounts_->Capability("confirm", std::to_string(sub->id));
    EXPECT_TRUE(token.ok());
    const Status confirmed = newsletters_->Confirm(sub->id, *token);
    EXPECT_TRUE(confirmed.ok()) << confirmed.ToString();
    return *sub;
  }

  std::vector<store::OutboxMessage> MailTo(const std::string& email) {
    Result<std::vector<store::OutboxMessage>> mail =
        readers().OutboxFor(email, 100);
    EXPECT_TRUE(mail.ok()) << mail.status().ToString();
    return mail.ok() ? *mail : std::vector<store::OutboxMessage>{};
  }

  // The newsletter editions (not the confirmation) queued to `email`.
  std::vector<ParsedMail> EditionsTo(const std::string& email) {
    std::vector<ParsedMail> out;
    for (const store::OutboxMessage& m : MailTo(email)) {
      ParsedMail parsed = Parse(m.mime);
      if (!parsed.list_unsubscribe.empty()) out.push_back(std::move(parsed));
    }
    return out;
  }

  EditionReport BuildDue(bool dry_run = false) {
    Result<EditionReport> report = newsletters_->BuildDue(dry_run);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : EditionReport{};
  }

  UnixSeconds now_ = kNow;
  std::unique_ptr<Library> library_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<ForYou> for_you_;
  std::unique_ptr<Newsletters> newsletters_;
};

TEST(NewsletterPeriodTest, DailyIsTheUtcDay) {
  EXPECT_EQ(NewsletterPeriod("daily", kNow), "2026-11-26");
  EXPECT_EQ(NewsletterPeriod("daily", *MakeUtc(2026, 11, 26, 23, 59, 59)),
            "2026-11-26");
  EXPECT_EQ(NewsletterPeriod("daily", *MakeUtc(2026, 11, 27)), "2026-11-27");
}

TEST(NewsletterPeriodTest, WeeklyIsTheIsoWeek) {
  EXPECT_EQ(NewsletterPeriod("weekly", kNow), "2026-W48");
  // Monday 00:00 starts a week; Sunday 23:59 ends it.
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2026, 11, 23)), "2026-W48");
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2026, 11, 29, 23, 59)),
            "2026-W48");
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2026, 11, 30)), "2026-W49");
  // Year boundaries belong to the year of the week's Thursday.
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2027, 1, 1)), "2026-W53");
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2024, 12, 30)), "2025-W01");
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2021, 1, 3)), "2020-W53");
  EXPECT_EQ(NewsletterPeriod("weekly", *MakeUtc(2021, 1, 4)), "2021-W01");
}

TEST_F(NewslettersTest, EnsureDefaultsCreatesDailyAndWeeklyOnce) {
  ASSERT_TRUE(newsletters_->EnsureDefaults().ok());
  Result<std::vector<store::Newsletter>> all = readers().Newsletters();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(NewsletterId("daily") != 0 && NewsletterId("weekly") != 0, true);
}

TEST_F(NewslettersTest, UnverifiedReaderCannotSubscribe) {
  const store::UserId user = AddReader("new@example.com", /*verified=*/false);
  EXPECT_EQ(
      newsletters_->Subscribe(user, NewsletterId("daily")).status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_TRUE(MailTo("new@example.com").empty());
}

TEST_F(NewslettersTest, DoubleOptInSendsNothingBeforeConfirmation) {
  const store::UserId user = AddReader("a@example.com");
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  Result<store::Subscription> sub =
      newsletters_->Subscribe(user, NewsletterId("daily"));
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  EXPECT_FALSE(sub->confirmed_at.has_value());

  // The confirmation mail carries the confirm capability.
  const std::vector<store::OutboxMessage> mail = MailTo("a@example.com");
  ASSERT_EQ(mail.size(), 1u);
  const ParsedMail confirmation = Parse(mail[0].mime);
  Result<std::string> token =
      accounts_->Capability("confirm", std::to_string(sub->id));
  ASSERT_TRUE(token.ok());
  const std::string link = std::string(kBaseUrl) +
                           "/newsletters/confirm?s=" + std::to_string(sub->id) +
                           "&t=" + *token;
  EXPECT_NE(confirmation.text.find(link), std::string::npos)
      << confirmation.text;
  EXPECT_NE(confirmation.subject.find("أكّد اشتراكك"), std::string::npos);

  EXPECT_EQ(BuildDue().built, 0);
  EXPECT_TRUE(EditionsTo("a@example.com").empty());

  EXPECT_EQ(newsletters_->Confirm(sub->id, "forged").code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(newsletters_->Confirm(sub->id + 1, *token).code(),
            StatusCode::kUnauthenticated);
  ASSERT_TRUE(newsletters_->Confirm(sub->id, *token).ok());
  ASSERT_TRUE(newsletters_->Confirm(sub->id, *token).ok());  // idempotent
  EXPECT_EQ(BuildDue().built, 1);
  EXPECT_EQ(EditionsTo("a@example.com").size(), 1u);
}

TEST_F(NewslettersTest, BuildsOneEditionPerPeriod) {
  const store::UserId user = AddReader("a@example.com");
  SubscribeConfirmed(user, NewsletterId("daily"));
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);

  EditionReport first = BuildDue();
  EXPECT_EQ(first.built, 1);
  ASSERT_EQ(first.lines.size(), 1u);
  EXPECT_NE(first.lines[0].find("daily 2026-11-26"), std::string::npos)
      << first.lines[0];
  now_ += kHour;
  AddArticle("خبر جديد بعد ساعة", "sport", now_ - 60);
  EditionReport second = BuildDue();
  EXPECT_EQ(second.built, 0);
  EXPECT_GE(second.skipped, 1);
  EXPECT_EQ(EditionsTo("a@example.com").size(), 1u);
  Result<bool> has =
      readers().HasEdition(NewsletterId("daily"), user, "2026-11-26");
  ASSERT_TRUE(has.ok());
  EXPECT_TRUE(*has);

  // The next day brings the next edition, with only what is new.
  now_ += kDay;
  AddArticle("خبر اليوم التالي", "sport", now_ - 2 * kHour);
  EXPECT_EQ(BuildDue().built, 1);
  const std::vector<ParsedMail> editions = EditionsTo("a@example.com");
  ASSERT_EQ(editions.size(), 2u);
  const ParsedMail& newest = editions[0];  // OutboxFor: newest first
  EXPECT_NE(newest.text.find("خبر اليوم التالي"), std::string::npos);
  EXPECT_EQ(newest.text.find("مباراة حاسمة في الدوري"), std::string::npos)
      << "an item of the previous edition came back";
}

TEST_F(NewslettersTest, NothingNewMeansNoMail) {
  const store::UserId user = AddReader("a@example.com");
  SubscribeConfirmed(user, NewsletterId("daily"));
  const EditionReport report = BuildDue();  // no articles at all
  EXPECT_EQ(report.built, 0);
  EXPECT_EQ(report.skipped, 1);
  EXPECT_TRUE(EditionsTo("a@example.com").empty());
}

TEST_F(NewslettersTest, DryRunQueuesNothing) {
  const store::UserId user = AddReader("a@example.com");
  SubscribeConfirmed(user, NewsletterId("daily"));
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  const std::size_t before = MailTo("a@example.com").size();
  EditionReport dry = BuildDue(/*dry_run=*/true);
  EXPECT_EQ(dry.built, 1);
  ASSERT_EQ(dry.lines.size(), 1u);
  EXPECT_NE(dry.lines[0].find("dry run"), std::string::npos);
  EXPECT_EQ(MailTo("a@example.com").size(), before);
  Result<bool> has =
      readers().HasEdition(NewsletterId("daily"), user, "2026-11-26");
  ASSERT_TRUE(has.ok());
  EXPECT_FALSE(*has);
  EXPECT_EQ(BuildDue().built, 1);  // the real run still builds it
}

TEST_F(NewslettersTest, UnsubscribeNeedsTheRightToken) {
  const store::UserId user = AddReader("a@example.com");
  const store::Subscription sub =
      SubscribeConfirmed(user, NewsletterId("daily"));
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  EXPECT_EQ(BuildDue().built, 1);

  EXPECT_EQ(newsletters_->Unsubscribe(sub.id, "forged").code(),
            StatusCode::kUnauthenticated);
  Result<std::string> confirm_token =
      accounts_->Capability("confirm", std::to_string(sub.id));
  ASSERT_TRUE(confirm_token.ok());
  EXPECT_EQ(newsletters_->Unsubscribe(sub.id, *confirm_token).code(),
            StatusCode::kUnauthenticated)
      << "a confirm token must not unsubscribe";
  const store::UserId other = AddReader("b@example.com");
  EXPECT_EQ(newsletters_->UnsubscribeByReader(other, sub.id).code(),
            StatusCode::kNotFound);

  now_ += kDay;
  AddArticle("خبر اليوم التالي", "sport", now_ - 2 * kHour);
  Result<std::string> token =
      accounts_->Capability("unsubscribe", std::to_string(sub.id));
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(newsletters_->Unsubscribe(sub.id, *token).ok());
  ASSERT_TRUE(newsletters_->Unsubscribe(sub.id, *token).ok());  // idempotent
  EXPECT_EQ(BuildDue().built, 0);
  EXPECT_EQ(EditionsTo("a@example.com").size(), 1u);
  // A stale confirmation link does not bring the subscription back.
  EXPECT_FALSE(newsletters_->Confirm(sub.id, *confirm_token).ok());
  EXPECT_EQ(BuildDue().built, 0);
}

TEST_F(NewslettersTest, ReaderCanUnsubscribeFromTheAccountPage) {
  const store::UserId user = AddReader("a@example.com");
  const store::Subscription sub =
      SubscribeConfirmed(user, NewsletterId("daily"));
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  ASSERT_TRUE(newsletters_->UnsubscribeByReader(user, sub.id).ok());
  EXPECT_EQ(BuildDue().built, 0);
}

TEST_F(NewslettersTest, EditionMailHasListHeadersAndRtlHtml) {
  const store::UserId user = AddReader("a@example.com");
  const store::Subscription sub =
      SubscribeConfirmed(user, NewsletterId("daily"));
  const store::ArticleId id =
      AddArticle("عنوان <script>alert(\"x\")</script> & غيره", "sport",
                 now_ - kHour, "مصدر <b>");
  ASSERT_EQ(BuildDue().built, 1);
  const std::vector<ParsedMail> editions = EditionsTo("a@example.com");
  ASSERT_EQ(editions.size(), 1u);
  const ParsedMail& mail = editions[0];

  Result<std::string> token =
      accounts_->Capability("unsubscribe", std::to_string(sub.id));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(mail.list_unsubscribe,
            "<" + std::string(kBaseUrl) + "/newsletters/unsubscribe?s=" +
                std::to_string(sub.id) + "&t=" + *token + ">");
  EXPECT_EQ(mail.list_unsubscribe_post, "List-Unsubscribe=One-Click");
  // On the wire too, not only once decoded: clients read the URL as is.
  const std::vector<store::OutboxMessage> queued = MailTo("a@example.com");
  ASSERT_FALSE(queued.empty());
  EXPECT_NE(queued[0].mime.find(
                "\r\nList-Unsubscribe: " + mail.list_unsubscribe + "\r\n"),
            std::string::npos);
  EXPECT_NE(mail.list_id.find("<daily.news.example.org>"), std::string::npos)
      << mail.list_id;
  EXPECT_EQ(mail.subject, "نشرة خبر اليومية — 26 نوفمبر 2026");
  EXPECT_NE(mail.message_id.find("@news.example.org"), std::string::npos);

  EXPECT_NE(mail.html.find("<body dir=\"rtl\" lang=\"ar\""), std::string::npos);
  EXPECT_NE(mail.html.find("<html dir=\"rtl\" lang=\"ar\">"),
            std::string::npos);
  EXPECT_NE(mail.html.find("<table role=\"presentation\" dir=\"rtl\" "
                           "lang=\"ar\""),
            std::string::npos);
  EXPECT_EQ(mail.html.find("<style"), std::string::npos);
  EXPECT_EQ(mail.html.find("<script"), std::string::npos);
  EXPECT_EQ(mail.html.find("<b>"), std::string::npos);
  EXPECT_NE(mail.html.find("&lt;script&gt;alert(&quot;x&quot;)"),
            std::string::npos);
  EXPECT_NE(mail.html.find("href=\"" + std::string(kBaseUrl) + "/article/" +
                           std::to_string(id) + "\""),
            std::string::npos);
  EXPECT_NE(mail.html.find("ملخص الخبر"), std::string::npos);
  // The text part has the same item, the link and the unsubscribe URL.
  EXPECT_NE(mail.text.find("عنوان <script>"), std::string::npos);
  EXPECT_NE(
      mail.text.find(std::string(kBaseUrl) + "/article/" + std::to_string(id)),
      std::string::npos);
  EXPECT_NE(mail.text.find("/newsletters/unsubscribe?s="), std::string::npos);
}

TEST_F(NewslettersTest, DigestGroupsByWhatTheReaderFollows) {
  const store::UserId user = AddReader("a@example.com");
  store::Follow follow;
  follow.kind = "topic";
  follow.target = "sport";
  follow.label = "رياضة";
  follow.at = now_;
  ASSERT_TRUE(readers().PutFollow(user, follow).ok());
  SubscribeConfirmed(user, NewsletterId("daily"));
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  AddArticle("أسعار النفط ترتفع", "economy", now_ - 3 * kHour, "رويترز");
  ASSERT_EQ(BuildDue().built, 1);
  const std::vector<ParsedMail> editions = EditionsTo("a@example.com");
  ASSERT_EQ(editions.size(), 1u);
  const std::string& text = editions[0].text;
  const std::size_t followed = text.find("== رياضة ==");
  ASSERT_NE(followed, std::string::npos) << text;
  EXPECT_NE(text.find("لأنك تتابع"), std::string::npos) << text;
  const std::size_t match = text.find("مباراة حاسمة في الدوري");
  EXPECT_GT(match, followed);
  const std::size_t top = text.find("== من أبرز الأخبار ==");
  if (top != std::string::npos) {
    EXPECT_GT(top, followed);
  }
}

TEST_F(NewslettersTest, TopicNewsletterCarriesItsTopicNewestFirst) {
  store::Newsletter sport;
  sport.slug = "topic-sport";
  sport.name = "نشرة الرياضة";
  sport.cadence = "daily";
  sport.kind = "topic";
  sport.topic = "sport";
  Result<int64_t> id = readers().PutNewsletter(sport);
  ASSERT_TRUE(id.ok());
  const store::UserId user = AddReader("a@example.com");
  SubscribeConfirmed(user, *id);
  AddArticle("مباراة قديمة", "sport", now_ - 5 * kHour);
  AddArticle("مباراة جديدة", "sport", now_ - 1 * kHour);
  AddArticle("أسعار النفط ترتفع", "economy", now_ - 2 * kHour);
  AddArticle("مباراة الأسبوع الماضي", "sport", now_ - 3 * kDay);
  ASSERT_EQ(BuildDue().built, 1);
  const std::vector<ParsedMail> editions = EditionsTo("a@example.com");
  ASSERT_EQ(editions.size(), 1u);
  const std::string& text = editions[0].text;
  EXPECT_EQ(editions[0].subject, "نشرة الرياضة — 26 نوفمبر 2026");
  const std::size_t newer = text.find("مباراة جديدة");
  const std::size_t older = text.find("مباراة قديمة");
  ASSERT_NE(newer, std::string::npos) << text;
  ASSERT_NE(older, std::string::npos);
  EXPECT_LT(newer, older);
  EXPECT_EQ(text.find("أسعار النفط"), std::string::npos);
  EXPECT_EQ(text.find("مباراة الأسبوع الماضي"), std::string::npos);
  EXPECT_NE(editions[0].list_id.find("<topic-sport.news.example.org>"),
            std::string::npos);
}

TEST_F(NewslettersTest, PreviewBuildsWithoutQueueing) {
  const store::UserId user = AddReader("a@example.com");
  AddArticle("مباراة حاسمة في الدوري", "sport", now_ - 2 * kHour);
  Result<Newsletters::Preview> preview =
      newsletters_->PreviewEdition(user, NewsletterId("daily"));
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->subject, "نشرة خبر اليومية — 26 نوفمبر 2026");
  EXPECT_NE(preview->html.find("dir=\"rtl\""), std::string::npos);
  EXPECT_TRUE(MailTo("a@example.com").empty());
}

}  // namespace
}  // namespace khabar::service
