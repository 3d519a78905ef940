#include "service/ingest.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "service/library.h"

namespace khabar::service {
namespace {

namespace fs = std::filesystem;

const std::string kSeedPath =
    std::string(KHABAR_SHARED_DIR) + "/seed/000_d6b86f47c1861fbf.txt";
const std::string kDemoDir = std::string(KHABAR_SOURCE_DIR) + "/demo";

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar_ingest_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    LibraryOptions options;
    options.data_dir = (dir_ / "data").string();
    auto lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
  }
  void TearDown() override {
    lib_.reset();
    fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / "in" / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  // `n` JSONL records, different enough not to count as duplicates.
  static std::string DistinctRecords(int n) {
    std::string jsonl;
    for (int i = 0; i < n; ++i) {
      jsonl += "{\"title\": \"خبر رقم ";
      jsonl += std::to_string(i);
      jsonl += "\", \"text\": \"نص مختلف عن الموضوع ";
      jsonl += std::to_string(i * 7919);
      jsonl += " في المدينة.\"}\n";
    }
    return jsonl;
  }

  IngestReport Ingest(const std::vector<std::string>& paths) {
    IngestReport report;
    Ingestor ingestor(lib_->store());
    Status s = ingestor.IngestPaths(paths, &report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return report;
  }

  // Ids of the articles a query finds.
  std::vector<int64_t> Find(const std::string& query) {
    auto page = lib_->searcher().Search(query, 10, 0);
    EXPECT_TRUE(page.ok()) << query << ": " << page.status().ToString();
    std::vector<int64_t> ids;
    if (page.ok()) {
      for (const auto& h : page->hits) ids.push_back(h.id);
    }
    return ids;
  }

  bool FailureMentions(const IngestReport& r, const std::string& where,
                       const std::string& words) {
    for (const IngestFailure& f : r.failures) {
      if (f.where == where && f.status.message().find(words) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  fs::path dir_;
  std::unique_ptr<Library> lib_;
};

constexpr char kGoodArticle[] =
    "ارتفعت أسعار القمح في الأسواق العالمية للأسبوع الثاني على التوالي.\n"
    "وقال تجار إن الطلب على الحبوب زاد بعد موجة الجفاف.\n"
    "أسعار القمح ترتفع\n"
    "أسعار القمح ترتفع\n";

TEST_F(IngestTest, SeedArticleIsStoredWithTitleOnceAndElevenParagraphs) {
  if (!fs::exists(kSeedPath)) {
    GTEST_SKIP() << "shared/ not found at " << KHABAR_SHARED_DIR
                 << ": skipping the seed article test";
  }
  IngestReport r = Ingest({kSeedPath});
  ASSERT_EQ(r.ingested, 1) << (r.failures.empty() ? "" : r.failures[0].status.ToString());
  auto a = lib_->store().Get(r.ids[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "واشنطن ولندن: الهجوم على الرقة «في الأسابيع المقبلة»");
  ASSERT_EQ(a->paragraphs.size(), 11u);
  EXPECT_EQ(a->paragraphs.front().rfind("أعلن وزير الدفاع الاميركي", 0), 0u);
  EXPECT_EQ(a->paragraphs.back().rfind("وقال لودريان", 0), 0u);
  for (const std::string& p : a->paragraphs) {
    EXPECT_EQ(p.find("لم تشترك بعد"), std::string::npos);
    EXPECT_EQ(p.find("انشئ حساباً"), std::string::npos);
    EXPECT_NE(p, a->title);
  }
}

TEST_F(IngestTest, SeedArticleIsFoundBySpellingVariantsAndClitics) {
  if (!fs::exists(kSeedPath)) {
    GTEST_SKIP() << "shared/ not found at " << KHABAR_SHARED_DIR
                 << ": skipping the seed search test";
  }
  // Other articles in the index, so a query that matched everything fails.
  Ingest({kDemoDir});
  IngestReport r = Ingest({kSeedPath});
  ASSERT_EQ(r.ids.size(), 1u);
  const int64_t seed = r.ids[0];
  for (const char* q : {"الأسابيع", "اسابيع", "بالرقة", "لودريان",
                        "\"الحلف الأطلسي\"", "هزيمه", "يحدد"}) {
    std::vector<int64_t> ids = Find(q);
    EXPECT_NE(std::find(ids.begin(), ids.end(), seed), ids.end())
        << "query " << q << " should find the seed article";
  }
  // And a word it does not contain does not find it.
  std::vector<int64_t> ids = Find("القمح");
  EXPECT_EQ(std::find(ids.begin(), ids.end(), seed), ids.end());
}

TEST_F(IngestTest, DemoContentIngestsWithoutFailures) {
  IngestReport r = Ingest({kDemoDir});
  EXPECT_EQ(r.failed, 0) << (r.failures.empty() ? "" : r.failures[0].where + ": " +
                                                           r.failures[0].status.ToString());
  EXPECT_GE(r.ingested, 10);
  EXPECT_FALSE(Find("بالمترو").empty() && Find("مترو").empty());
}

TEST_F(IngestTest, SameContentTwiceIsOneArticle) {
  std::string a = Write("a.txt", kGoodArticle);
  // Same article with CRLF line ends and harakat: still the same content.
  std::string b = Write("b.txt",
                        "ارتفعت أسعارُ القمح في الأسواق العالمية للأسبوع الثاني على التوالي.\r\n"
                        "وقال تجار إن الطلب على الحبوب زاد بعد موجة الجفاف.\r\n"
                        "أسعار القمح ترتفع\r\nأسعار القمح ترتفع");
  IngestReport first = Ingest({a});
  IngestReport second = Ingest({a, b});
  EXPECT_EQ(first.ingested, 1);
  EXPECT_EQ(second.ingested, 0);
  EXPECT_EQ(second.duplicates, 2);
  EXPECT_EQ(second.ids[0], first.ids[0]);
  EXPECT_EQ(second.ids[1], first.ids[0]);
  EXPECT_EQ(*lib_->store().Count(), 1);
}

TEST_F(IngestTest, BadFilesAreReportedAndTheRestOfTheBatchIsIngested) {
  std::string good = Write("good.txt", kGoodArticle);
  std::string invalid = Write("invalid.txt", "خبر \xff\xfe عاجل\n");
  std::string empty = Write("empty.txt", "");
  std::string binary = Write("image.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  std::string jsonl = Write("feed.jsonl",
                            "{\"title\": \"خبر أول\", \"text\": \"نص الخبر الأول عن الاقتصاد.\"}\n"
                            "this is not json\n"
                            "{\"title\": \"خبر ثان\", \"text\": \"نص الخبر الثاني عن الرياضة.\"}\n");
  // A 200 MB file, sparse so the test costs no disk.
  std::string huge = (dir_ / "in" / "huge.txt").string();
  {
    std::ofstream(huge) << "";
    fs::resize_file(huge, 200u << 20);
  }
  std::string missing = (dir_ / "in" / "missing.txt").string();

  IngestReport r = Ingest({good, invalid, empty, binary, jsonl, huge, missing});
  EXPECT_EQ(r.ingested, 3);  // good.txt and two JSONL lines
  EXPECT_EQ(r.failed, 6);
  EXPECT_TRUE(FailureMentions(r, invalid, "byte")) << "invalid UTF-8 names the offset";
  EXPECT_TRUE(FailureMentions(r, empty, "empty"));
  EXPECT_TRUE(FailureMentions(r, binary, "binary"));
  EXPECT_TRUE(FailureMentions(r, jsonl + ":2", "JSON"));
  EXPECT_TRUE(FailureMentions(r, huge, "too large"));
  EXPECT_TRUE(FailureMentions(r, missing, "no such file"));
  EXPECT_EQ(*lib_->store().Count(), 3);
}

TEST_F(IngestTest, EachCommittedBatchIsReportedWithWhereItEnds) {
  const std::string path = Write("feed.jsonl", DistinctRecords(5));
  std::vector<IngestCommit> commits;
  IngestOptions options;
  options.batch_size = 2;
  options.on_commit = [&commits](const IngestCommit& c) { commits.push_back(c); };
  Ingestor ingestor(lib_->store(), options);
  IngestReport report;
  ASSERT_TRUE(ingestor.IngestPaths({path}, &report).ok());
  ASSERT_EQ(commits.size(), 3u);
  EXPECT_EQ(commits[0].articles, 2);
  EXPECT_EQ(commits[0].inserted, 2);
  EXPECT_EQ(commits[0].last_where, path + ":2");
  EXPECT_EQ(commits[0].first_id, report.ids[0]);
  EXPECT_EQ(commits[0].last_id, report.ids[1]);
  EXPECT_EQ(commits[2].articles, 1);
  EXPECT_EQ(commits[2].last_where, path + ":5");
  EXPECT_EQ(commits[2].last_id, report.ids[4]);
}

// Articles are analyzed before their batch's transaction begins: another
// writer (a second worker on the same file) can write between any two
// records, without waiting, until the batch itself is written.
TEST_F(IngestTest, TheWriteLockIsFreeWhileABatchIsAnalyzed) {
  const std::string path = Write("feed.jsonl", DistinctRecords(6));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "data" / "khabar.db").c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 0);
  int tries = 0;
  int refused = 0;
  IngestOptions options;
  options.batch_size = 100;
  options.progress = [&](uint64_t, uint64_t) {
    ++tries;
    if (sqlite3_exec(other, "BEGIN IMMEDIATE; COMMIT;", nullptr, nullptr, nullptr) != SQLITE_OK) {
      ++refused;
      sqlite3_exec(other, "ROLLBACK;", nullptr, nullptr, nullptr);
    }
  };
  Ingestor ingestor(lib_->store(), options);
  IngestReport report;
  ASSERT_TRUE(ingestor.IngestPaths({path}, &report).ok());
  sqlite3_close(other);
  EXPECT_EQ(tries, 6);
  EXPECT_EQ(refused, 0);
  EXPECT_EQ(report.ingested, 6);
  EXPECT_EQ(report.ids.size(), 6u);
}

TEST_F(IngestTest, FoldersAreWalkedForTxtAndJsonlOnly) {
  Write("one.txt", kGoodArticle);
  Write("notes.md", "# not an article");
  IngestReport r = Ingest({(dir_ / "in").string()});
  EXPECT_EQ(r.ingested, 1);
  EXPECT_EQ(r.failed, 0);
}

TEST_F(IngestTest, AnalyzedArticlesFromTwoSourcesJoinOneStory) {
  auto understanding = Understanding::Load(KHABAR_MODELS_DIR);
  ASSERT_TRUE(understanding.ok()) << understanding.status().ToString();
  IngestOptions options;
  options.understanding = understanding->get();
  Ingestor ingestor(lib_->store(), options);
  IngestReport r;
  ASSERT_TRUE(ingestor.IngestPaths({kDemoDir + "/articles.jsonl"}, &r).ok());
  ASSERT_EQ(r.ingested, 6);
  // Lines 1 and 2: two outlets on the same water summit, hours apart.
  auto summit = lib_->store().Get(r.ids[0]);
  auto agreement = lib_->store().Get(r.ids[1]);
  auto metro = lib_->store().Get(r.ids[2]);
  ASSERT_TRUE(summit.ok() && agreement.ok() && metro.ok());
  EXPECT_NE(summit->source, agreement->source);
  EXPECT_EQ(summit->story_id, agreement->story_id);
  EXPECT_NE(summit->story_id, metro->story_id);
  EXPECT_FALSE(summit->analysis.topic.empty());
  EXPECT_FALSE(summit->analysis.quotes.empty());
}

TEST_F(IngestTest, LaterRunJoinsAStoryFromAnEarlierRun) {
  auto understanding = Understanding::Load(KHABAR_MODELS_DIR);
  ASSERT_TRUE(understanding.ok()) << understanding.status().ToString();
  IngestOptions options;
  options.understanding = understanding->get();
  // The two water-summit reports, ingested by two separate runs.
  std::ifstream in(kDemoDir + "/articles.jsonl");
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  std::string a = Write("first.jsonl", first + "\n");
  std::string b = Write("second.jsonl", second + "\n");
  IngestReport r1, r2;
  {
    Ingestor run1(lib_->store(), options);
    ASSERT_TRUE(run1.IngestPaths({a}, &r1).ok());
  }
  Ingestor run2(lib_->store(), options);
  ASSERT_TRUE(run2.IngestPaths({b}, &r2).ok());
  ASSERT_EQ(r1.ingested, 1);
  ASSERT_EQ(r2.ingested, 1);
  EXPECT_EQ(lib_->store().Get(r1.ids[0])->story_id,
            lib_->store().Get(r2.ids[0])->story_id);
}

TEST_F(IngestTest, NearDuplicateCopyIsLinkedNotStoredTwice) {
  auto understanding = Understanding::Load(KHABAR_MODELS_DIR);
  ASSERT_TRUE(understanding.ok()) << understanding.status().ToString();
  IngestOptions options;
  options.understanding = understanding->get();
  Ingestor ingestor(lib_->store(), options);
  const std::string body =
      "اجتمع وزراء المياه في خمس دول يتقاسمها حوض النهر في قمة إقليمية استمرت يومين، "
      "لبحث خطة مشتركة لمواجهة موجة الجفاف التي ضربت المنطقة للعام الثالث على التوالي. "
      "وناقش المشاركون مقترحات لتبادل بيانات الأمطار ومنسوب السدود بشكل يومي، وإنشاء "
      "صندوق مشترك لتمويل مشاريع تحلية المياه وإعادة استخدام المياه المعالجة.";
  std::string a = Write("a.txt", "قمة المياه\n" + body + "\nقمة المياه\n");
  // The same wire copy republished with one more closing sentence.
  std::string b = Write("b.txt", "قمة المياه\n" + body +
                                     "\nوتستمر الاجتماعات غدا.\nقمة المياه\n");
  IngestReport r;
  ASSERT_TRUE(ingestor.IngestPaths({a, b}, &r).ok());
  EXPECT_EQ(r.ingested, 1);
  EXPECT_EQ(r.duplicates, 1);
  ASSERT_EQ(r.ids.size(), 2u);
  EXPECT_EQ(r.ids[0], r.ids[1]);
}

TEST_F(IngestTest, ArticleWithoutHeadlineGetsADerivedTitle) {
  std::string p = Write("untitled.txt",
                        "افتتحت البلدية حديقة عامة جديدة في وسط المدينة. وتضم الحديقة ملاعب للأطفال.\n"
                        "وقال رئيس البلدية إن المشروع استغرق عامين.\n");
  IngestReport r = Ingest({p});
  ASSERT_EQ(r.ingested, 1);
  auto a = lib_->store().Get(r.ids[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "افتتحت البلدية حديقة عامة جديدة في وسط المدينة");
}

}  // namespace
}  // namespace khabar::service
