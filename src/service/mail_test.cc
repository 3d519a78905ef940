#include "service/mail.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace khabar::service {
namespace {

constexpr UnixSeconds kDate = 1795689000;  // 2026-11-26T09:10:00Z

MailContent Sample() {
  MailContent mail;
  mail.from = "خبر <news@example.org>";
  mail.to = "reader@example.com";
  mail.subject = "نشرة خبر اليومية — 26 نوفمبر 2026";
  mail.text = "مرحبا بك في نشرة خبر.\nالخبر الأول: انتخابات في الرقة.\n";
  mail.html =
      "<html dir=\"rtl\" lang=\"ar\"><body><div dir=\"rtl\">"
      "<a href=\"https://example.org/article/1\">انتخابات في الرقة</a>"
      "</div></body></html>";
  mail.headers = {{"List-Unsubscribe",
                   "<https://example.org/newsletters/unsubscribe?s=1&t=abc>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                  {"List-Id", "نشرة خبر <daily.example.org>"}};
  mail.date = kDate;
  return mail;
}

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
using MessagePtr = std::unique_ptr<GMimeMessage, GObjectUnref>;

// Parses the composed text back, as a mail client would.
MessagePtr Parse(const std::string& mime) {
  g_mime_init();
  GMimeStream* stream =
      g_mime_stream_mem_new_with_buffer(mime.data(), mime.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  g_object_unref(stream);
  return MessagePtr(message);
}

std::string PartText(GMimeObject* part) {
  if (part == nullptr || !GMIME_IS_TEXT_PART(part)) return "";
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  std::string out = text != nullptr ? text : "";
  g_free(text);
  return out;
}

std::string Header(GMimeMessage* message, const char* name) {
  const char* value = g_mime_object_get_header(GMIME_OBJECT(message), name);
  return value != nullptr ? value : "";
}

ComposedMail ComposeOrDie(const MailContent& content) {
  Result<ComposedMail> mail = ComposeMail(content, "example.org");
  EXPECT_TRUE(mail.ok()) << mail.status().ToString();
  return mail.ok() ? *mail : ComposedMail{};
}

TEST(MailTest, IsMultipartAlternativeWithUtf8TextAndHtml) {
  const MailContent content = Sample();
  const ComposedMail mail = ComposeOrDie(content);
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  ASSERT_TRUE(GMIME_IS_MULTIPART(body));
  GMimeContentType* type = g_mime_object_get_content_type(body);
  EXPECT_TRUE(g_mime_content_type_is_type(type, "multipart", "alternative"));
  GMimeMultipart* multipart = GMIME_MULTIPART(body);
  ASSERT_EQ(g_mime_multipart_get_count(multipart), 2);

  GMimeObject* text = g_mime_multipart_get_part(multipart, 0);
  GMimeObject* html = g_mime_multipart_get_part(multipart, 1);
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(text),
                                          "text", "plain"));
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(html),
                                          "text", "html"));
  for (GMimeObject* part : {text, html}) {
    const char* charset =
        g_mime_object_get_content_type_parameter(part, "charset");
    ASSERT_NE(charset, nullptr);
    EXPECT_EQ(g_ascii_strcasecmp(charset, "utf-8"), 0) << charset;
  }
  EXPECT_EQ(PartText(text), content.text);
  EXPECT_EQ(PartText(html), content.html);
}

TEST(MailTest, KeepsRtlHtml) {
  const ComposedMail mail = ComposeOrDie(Sample());
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  GMimeMultipart* multipart =
      GMIME_MULTIPART(g_mime_message_get_mime_part(message.get()));
  const std::string html = PartText(g_mime_multipart_get_part(multipart, 1));
  EXPECT_NE(html.find("<html dir=\"rtl\" lang=\"ar\">"), std::string::npos);
  EXPECT_NE(html.find("<div dir=\"rtl\">"), std::string::npos);
}

TEST(MailTest, EncodesArabicSubjectPerRfc2047) {
  const MailContent content = Sample();
  const ComposedMail mail = ComposeOrDie(content);
  // On the wire the subject is ASCII encoded-words...
  const std::size_t at = mail.mime.find("Subject: ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(mail.mime.compare(at + 9, 10, "=?UTF-8?B?"), 0)
      << mail.mime.substr(at, 80);
  // ...and reads back as the Arabic it was.
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(g_mime_message_get_subject(message.get()), content.subject);
}

// RFC 2047 6.3: every encoded-word stands alone (whole characters), and
// only the last is padded, so decoders that glue words still read it.
TEST(MailTest, SubjectWordsAreSelfContainedAndUnpadded) {
  MailContent content = Sample();
  content.subject =
      "نشرة خبر الأسبوعية — الأسبوع 48 من 2026: 🇸🇾 سوريا، "
      "الرقة، دمشق، وأخبار الاقتصاد والرياضة";
  const ComposedMail mail = ComposeOrDie(content);
  const std::size_t begin = mail.mime.find("Subject: ");
  const std::size_t end = mail.mime.find("\r\nTo: ");
  ASSERT_LT(begin, end);
  const std::string header = mail.mime.substr(begin, end - begin);
  std::vector<std::string> words;
  for (std::size_t at = header.find("=?UTF-8?B?"); at != std::string::npos;
       at = header.find("=?UTF-8?B?", at + 1)) {
    const std::size_t close = header.find("?=", at + 10);
    ASSERT_NE(close, std::string::npos);
    words.push_back(header.substr(at + 10, close - at - 10));
  }
  ASSERT_GE(words.size(), 3u);
  std::string joined;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i + 1 < words.size()) {
      EXPECT_EQ(words[i].find('='), std::string::npos) << words[i];
    }
    gsize size = 0;
    guchar* bytes = g_base64_decode(words[i].c_str(), &size);
    const std::string chunk(reinterpret_cast<char*>(bytes), size);
    g_free(bytes);
    EXPECT_TRUE(g_utf8_validate(chunk.data(), chunk.size(), nullptr)) << i;
    joined += chunk;
  }
  EXPECT_EQ(joined, content.subject);
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(g_mime_message_get_subject(message.get()), content.subject);
}

TEST(MailTest, EncodesArabicDisplayName) {
  const ComposedMail mail = ComposeOrDie(Sample());
  EXPECT_EQ(mail.mime.find("From: خبر"), std::string::npos);
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  InternetAddressList* from = g_mime_message_get_from(message.get());
  ASSERT_EQ(internet_address_list_length(from), 1);
  InternetAddress* address = internet_address_list_get_address(from, 0);
  EXPECT_STREQ(internet_address_get_name(address), "خبر");
  ASSERT_TRUE(INTERNET_ADDRESS_IS_MAILBOX(address));
  EXPECT_STREQ(
      internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)),
      "news@example.org");
}

TEST(MailTest, WritesDateMessageIdAndExtraHeaders) {
  const ComposedMail mail = ComposeOrDie(Sample());
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  GDateTime* date = g_mime_message_get_date(message.get());
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(g_date_time_to_unix(date), kDate);
  EXPECT_EQ(g_mime_message_get_message_id(message.get()), mail.message_id);
  EXPECT_EQ(Header(message.get(), "List-Unsubscribe"),
            "<https://example.org/newsletters/unsubscribe?s=1&t=abc>");
  EXPECT_EQ(Header(message.get(), "List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click");
  EXPECT_EQ(Header(message.get(), "MIME-Version"), "1.0");
  // One MIME-Version only.
  const std::size_t first = mail.mime.find("MIME-Version:");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(mail.mime.find("MIME-Version:", first + 1), std::string::npos);
  // The Arabic List-Id phrase travels encoded and decodes back.
  char* list_id = g_mime_utils_header_decode_text(
      nullptr, Header(message.get(), "List-Id").c_str());
  EXPECT_STREQ(list_id, "نشرة خبر <daily.example.org>");
  g_free(list_id);
}

// A long List-Unsubscribe URL must reach clients as a URL, not as an
// RFC 2047 encoded-word (which GMime picks for long unbreakable words).
TEST(MailTest, WritesAsciiHeadersVerbatim) {
  MailContent content = Sample();
  const std::string url =
      "<https://news.example.org/newsletters/unsubscribe?s=12345&t=" +
      std::string(90, 'A') + ">";
  content.headers = {{"List-Unsubscribe", url},
                     {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  const ComposedMail mail = ComposeOrDie(content);
  EXPECT_NE(mail.mime.find("\r\nList-Unsubscribe: " + url + "\r\n"),
            std::string::npos)
      << mail.mime.substr(0, 900);
  EXPECT_NE(mail.mime.find(
                "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);

  content.headers = {{"X-Long", std::string(1000, 'a')}};
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(MailTest, MessageIdIsUniqueLowercaseAlnumAtDomain) {
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    const ComposedMail mail = ComposeOrDie(Sample());
    const std::size_t at = mail.message_id.find('@');
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(mail.message_id.substr(at), "@example.org");
    ASSERT_GE(at, 20u);
    for (std::size_t k = 0; k < at; ++k) {
      const char c = mail.message_id[k];
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
          << mail.message_id;
    }
    EXPECT_NE(mail.mime.find("Message-Id: <" + mail.message_id + ">"),
              std::string::npos)
        << mail.mime.substr(0, 600);
    ids.insert(mail.message_id);
  }
  EXPECT_EQ(ids.size(), 200u);
}

TEST(MailTest, UsesCrlfLineEnds) {
  const ComposedMail mail = ComposeOrDie(Sample());
  for (std::size_t i = 0; i < mail.mime.size(); ++i) {
    if (mail.mime[i] == '\n') {
      ASSERT_GT(i, 0u);
      ASSERT_EQ(mail.mime[i - 1], '\r') << "bare LF at byte " << i;
    } else if (mail.mime[i] == '\r') {
      ASSERT_LT(i + 1, mail.mime.size());
      ASSERT_EQ(mail.mime[i + 1], '\n') << "bare CR at byte " << i;
    }
  }
}

// Found by fuzz/mail_fuzz: a lone CR in the body reached the wire.
TEST(MailTest, BodyLineEndsBecomeCrlf) {
  MailContent content = Sample();
  content.text = "one\rtwo\r\nthree\nfour";
  content.html.clear();
  const ComposedMail mail = ComposeOrDie(content);
  EXPECT_NE(mail.mime.find("one\r\ntwo\r\nthree\r\nfour"), std::string::npos)
      << mail.mime;
  for (std::size_t i = 0; i + 1 < mail.mime.size(); ++i) {
    if (mail.mime[i] == '\r') {
      ASSERT_EQ(mail.mime[i + 1], '\n') << i;
    }
  }
}

TEST(MailTest, WrapsLongArabicLinesAndStaysSevenBit) {
  MailContent content = Sample();
  std::string paragraph;
  while (paragraph.size() < 6000) paragraph += "الرقة تستقبل الانتخابات ";
  content.text = paragraph + "\n";
  content.html =
      "<html dir=\"rtl\"><body><p>" + paragraph + "</p></body></html>";
  content.subject = paragraph.substr(0, 600);  // a very long subject too
  // Cut on a character boundary (Arabic letters are 2 bytes, spaces 1).
  content.subject.resize(content.subject.rfind(' '));
  const ComposedMail mail = ComposeOrDie(content);
  std::size_t line_start = 0;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < mail.mime.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(mail.mime[i]), 0x80)
        << "8-bit byte at " << i;
    if (mail.mime[i] == '\n') {
      longest = std::max(longest, i - line_start);
      line_start = i + 1;
    }
  }
  EXPECT_LE(longest, 998u);
  EXPECT_LE(longest, 80u);  // GMime folds and wraps at 76-78
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(g_mime_message_get_subject(message.get()), content.subject);
  GMimeMultipart* multipart =
      GMIME_MULTIPART(g_mime_message_get_mime_part(message.get()));
  EXPECT_EQ(PartText(g_mime_multipart_get_part(multipart, 0)), content.text);
}

TEST(MailTest, TextOnlyWhenNoHtml) {
  MailContent content = Sample();
  content.html.clear();
  const ComposedMail mail = ComposeOrDie(content);
  MessagePtr message = Parse(mail.mime);
  ASSERT_NE(message, nullptr);
  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(body),
                                          "text", "plain"));
  EXPECT_EQ(PartText(body), content.text);
}

TEST(MailTest, RejectsHeaderInjection) {
  MailContent content = Sample();
  content.subject = "مرحبا\r\nBcc: victim@example.net";
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.subject = "hello\nBcc: victim@example.net";
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.headers.push_back({"List-Id", "x\r\nBcc: victim@example.net"});
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.headers.push_back({"Bcc: victim@example.net\r\nX", "y"});
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.to = "reader@example.com\r\nBcc: victim@example.net";
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.from = "خبر\n <news@example.org>";
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  content = Sample();
  content.subject = std::string("bell \x07 and nul-free escape \x1b[0m");
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);

  EXPECT_EQ(ComposeMail(Sample(), "example.org\r\nX: y").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(MailTest, RejectsImplausibleAddresses) {
  for (const char* bad :
       {"", "reader", "reader@", "@example.com", "a@b@example.com",
        "reader@localhost", "read er@example.com", "reader@example..com",
        "reader@.example.com", "a,b@example.com", "<reader@example.com"}) {
    MailContent content = Sample();
    content.to = bad;
    EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
              StatusCode::kInvalidArgument)
        << bad;
  }
  MailContent content = Sample();
  content.to = "Reader <reader@example.com>, other@example.com";
  EXPECT_FALSE(ComposeMail(content, "example.org").ok());
}

TEST(MailTest, SenderMayBeOnLocalhostButRecipientMayNot) {
  MailContent content = Sample();
  content.from = "Khabar <news@localhost>";
  EXPECT_TRUE(ComposeMail(content, "localhost").ok());
  content.to = "reader@localhost";
  EXPECT_EQ(ComposeMail(content, "localhost").status().code(),
            StatusCode::kInvalidArgument);
  content = Sample();
  content.from = "Khabar <news@>";
  EXPECT_FALSE(ComposeMail(content, "localhost").ok());
}

TEST(MailTest, RejectsInvalidUtf8) {
  MailContent content = Sample();
  content.text = "\xff\xfe bad";
  EXPECT_EQ(ComposeMail(content, "example.org").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(MailTest, EnvelopeAddressAndPlausibility) {
  EXPECT_EQ(EnvelopeAddress("خبر <news@example.org>"), "news@example.org");
  EXPECT_EQ(EnvelopeAddress("news@example.org"), "news@example.org");
  EXPECT_EQ(EnvelopeAddress("  news@example.org "), "news@example.org");
  EXPECT_TRUE(IsPlausibleEmail("first.last+tag@mail.example.co"));
  EXPECT_FALSE(IsPlausibleEmail("a@b"));
  EXPECT_FALSE(IsPlausibleEmail(std::string(250, 'a') + "@example.org"));
}

}  // namespace
}  // namespace khabar::service
