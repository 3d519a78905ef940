#include "service/sources.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "service/library.h"

namespace khabar::service {
namespace {

namespace fs = std::filesystem;
constexpr UnixSeconds kT0 = 1800000000;

class SourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar_sources_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "drop");
    LibraryOptions options;
    options.data_dir = (dir_ / "data").string();
    auto lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
    sources_ = std::make_unique<Sources>(lib_->sources());
  }
  void TearDown() override {
    sources_.reset();
    lib_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::unique_ptr<Library> lib_;
  std::unique_ptr<Sources> sources_;
};

TEST_F(SourcesTest, AddsUrlsAndFoldersAndRefusesTheRest) {
  auto feed = sources_->Add("https://news.example/rss.xml", kT0);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->kind, "url");
  EXPECT_EQ(feed->next_fetch, kT0);
  EXPECT_EQ(feed->interval_s, 900);

  auto folder = sources_->Add((dir_ / "drop" / ".." / "drop/").string(), kT0);
  ASSERT_TRUE(folder.ok()) << folder.status().ToString();
  EXPECT_EQ(folder->kind, "folder");
  EXPECT_EQ(folder->location, (dir_ / "drop").string());
  EXPECT_EQ(folder->interval_s, 60);

  for (const char* bad : {"ftp://news.example/x", "javascript:alert(1)",
                          "http://", "/no/such/folder", "relative/path"}) {
    EXPECT_EQ(sources_->Add(bad, kT0).status().code(),
              StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(sources_->Add("https://news.example/rss.xml", kT0).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(SourcesTest, FindsByIdOrLocationAndChangesState) {
  auto added = sources_->Add("https://news.example/rss.xml", kT0);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(sources_->Find(std::to_string(added->id))->location,
            "https://news.example/rss.xml");
  EXPECT_EQ(sources_->Find("https://news.example/rss.xml")->id, added->id);
  EXPECT_EQ(sources_->Find("42").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(sources_->Find("https://other.example/").status().code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(sources_->Pause(added->id).ok());
  EXPECT_EQ(sources_->PollSoon(added->id, kT0).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(lib_->sources().DueSources(kT0 + 10000, 10)->empty());

  store::Source s = *lib_->sources().GetSource(added->id);
  s.failures = 5;
  s.state = "gone";
  ASSERT_TRUE(lib_->sources().UpdateSource(s).ok());
  ASSERT_TRUE(sources_->Resume(added->id, kT0 + 5).ok());
  s = *lib_->sources().GetSource(added->id);
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.failures, 0);
  EXPECT_EQ(s.next_fetch, kT0 + 5);

  s.next_fetch = kT0 + 9000;
  ASSERT_TRUE(lib_->sources().UpdateSource(s).ok());
  ASSERT_TRUE(sources_->PollSoon(added->id, kT0 + 6).ok());
  EXPECT_EQ(lib_->sources().GetSource(added->id)->next_fetch, kT0 + 6);

  ASSERT_TRUE(sources_->Remove(added->id).ok());
  EXPECT_EQ(sources_->Remove(added->id).code(), StatusCode::kNotFound);
}

TEST_F(SourcesTest, OpmlImportAndExportRoundTrip) {
  const std::string opml =
      "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title>"
      "</head><body><outline text=\"عربي\"><outline text=\"بي بي سي\" "
      "title=\"بي بي سي عربي\" type=\"rss\" "
      "xmlUrl=\"https://feeds.example/arabic/rss.xml\"/>"
      "<outline text=\"فرانس 24\" xmlUrl=\"https://f24.example/ar/rss\" "
      "htmlUrl=\"https://f24.example/ar/\"/></outline>"
      "<outline text=\"bad\" xmlUrl=\"gopher://old.example/\"/>"
      "</body></opml>";
  int skipped = 0;
  std::vector<std::string> errors;
  auto added = sources_->ImportOpml(opml, kT0, &skipped, &errors);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(skipped, 0);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("gopher://old.example/"), std::string::npos);
  // Titles come along; a second import skips what is followed.
  EXPECT_EQ(sources_->Find("https://feeds.example/arabic/rss.xml")->title,
            "بي بي سي عربي");
  skipped = 0;
  errors.clear();
  EXPECT_EQ(*sources_->ImportOpml(opml, kT0, &skipped, &errors), 0);
  EXPECT_EQ(skipped, 2);

  // A folder is not exported; a site exports its discovered feed.
  ASSERT_TRUE(sources_->Add((dir_ / "drop").string(), kT0).ok());
  auto site = sources_->Add("https://site.example/", kT0);
  ASSERT_TRUE(site.ok());
  store::Source s = *site;
  s.kind = "site";
  s.feed_url = "https://site.example/feed";
  s.title = "موقع";
  ASSERT_TRUE(lib_->sources().UpdateSource(s).ok());

  auto exported = sources_->ExportOpml();
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_EQ(exported->find((dir_ / "drop").string()), std::string::npos);
  LibraryOptions other_options;
  other_options.data_dir = (dir_ / "other").string();
  auto other = Library::Open(other_options);
  ASSERT_TRUE(other.ok());
  Sources again((*other)->sources());
  skipped = 0;
  errors.clear();
  EXPECT_EQ(*again.ImportOpml(*exported, kT0, &skipped, &errors), 3);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(again.Find("https://site.example/feed")->title, "موقع");
  EXPECT_EQ(again.Find("https://feeds.example/arabic/rss.xml")->title,
            "بي بي سي عربي");
}

TEST_F(SourcesTest, ListGivesArticlesPerDay) {
  auto added = sources_->Add("https://news.example/rss.xml", kT0);
  ASSERT_TRUE(added.ok());
  for (int i = 0; i < 14; ++i) {
    store::Article a;
    a.title = "خبر " + std::to_string(i);
    a.paragraphs = {"نص الخبر رقم " + std::to_string(i)};
    a.content_hash = "h" + std::to_string(i);
    a.ingested_at = kT0;
    auto put = lib_->store().Put(a);
    ASSERT_TRUE(put.ok());
    ASSERT_TRUE(lib_->sources()
                    .RecordItem(added->id, "g" + std::to_string(i), put->id,
                                kT0 + i * 3600, 3)
                    .ok());
  }
  // Added two days before "now": 14 articles over 2 days.
  auto list = sources_->List(kT0 + 2 * 86400);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_DOUBLE_EQ((*list)[0].articles_per_day, 7.0);
  // A week later the 7-day window has none of them.
  list = sources_->List(kT0 + 9 * 86400);
  EXPECT_DOUBLE_EQ((*list)[0].articles_per_day, 0.0);
}

}  // namespace
}  // namespace khabar::service
