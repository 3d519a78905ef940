// The worker on SQLite: one JobRunner with a fake clock (ingest and poll
// jobs, retries, give-ups, a dead worker's job) and whole Workers with
// several threads sharing one data folder.
#include "service/worker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "service/library.h"

namespace khabar::service {
namespace {

namespace fs = std::filesystem;

constexpr UnixSeconds kT0 = 1800000000;

std::string Article(int n) {
  std::string text = "خبر عاجل رقم ";
  text += std::to_string(n);
  text += "\nقال مسؤول في وزارة المياه إن المشروع رقم ";
  text += std::to_string(n);
  text += " سيكتمل قبل نهاية العام المقبل، وأضاف أن السكان سيستفيدون من "
          "الخدمات الجديدة في المدارس والمستشفيات.\n";
  return text;
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = "khabar_worker_test_";
    name += std::to_string(::getpid());
    name += '_';
    name += ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / name;
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    options_.library.data_dir = (dir_ / "data").string();
    options_.now = [this] { return now_; };
    options_.log = nullptr;
    options_.max_attempts = 3;
    options_.retry_base_s = 30;
    auto lib = Library::Open(options_.library);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
  }
  void TearDown() override {
    lib_.reset();
    fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / "in" / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  store::JobId Enqueue(const std::string& kind, const std::string& payload) {
    auto id = lib_->jobs().EnqueueJob(kind, payload, payload, now_);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  store::Job GetJob(store::JobId id) {
    auto job = lib_->jobs().GetJob(id);
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    return job.ok() ? *job : store::Job();
  }

  bool RunOne(JobRunner& runner) {
    auto ran = runner.RunOne();
    EXPECT_TRUE(ran.ok()) << ran.status().ToString();
    return ran.ok() && *ran;
  }

  int64_t Articles() {
    auto count = lib_->store().Count();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }

  fs::path dir_;
  UnixSeconds now_ = kT0;
  WorkerOptions options_;
  std::unique_ptr<Library> lib_;
};

TEST_F(WorkerTest, IngestJobsStoreFilesAndFolders) {
  const std::string file = Write("one.txt", Article(1));
  Write("folder/a.txt", Article(2));
  Write("folder/b/c.txt", Article(3));
  const store::JobId a = Enqueue(kIngestJob, file);
  const store::JobId b = Enqueue(kIngestJob, (dir_ / "in" / "folder").string());
  JobRunner runner(*lib_, options_, "test:1:0", nullptr);
  EXPECT_TRUE(RunOne(runner));
  EXPECT_TRUE(RunOne(runner));
  EXPECT_FALSE(RunOne(runner));
  EXPECT_EQ(Articles(), 3);
  for (store::JobId id : {a, b}) {
    store::Job job = GetJob(id);
    EXPECT_EQ(job.state, "done");
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.worker, "test:1:0");
    EXPECT_EQ(job.finished_at, kT0);
  }
  EXPECT_EQ(runner.stats().done, 2);

  // The same file again (a re-run after a crash) stores nothing twice.
  Enqueue(kIngestJob, file);
  EXPECT_TRUE(RunOne(runner));
  EXPECT_EQ(Articles(), 3);
}

TEST_F(WorkerTest, BadInputGivesUpAtOnce) {
  const store::JobId missing =
      Enqueue(kIngestJob, (dir_ / "in" / "missing.txt").string());
  const store::JobId empty = Enqueue(kIngestJob, Write("empty.txt", ""));
  auto odd = lib_->jobs().EnqueueJob("transcode", "x", "x", now_);
  ASSERT_TRUE(odd.ok());
  const store::JobId bad_poll = Enqueue(kPollJob, "not-a-number");
  JobRunner runner(*lib_, options_, "test:1:0", nullptr);
  while (RunOne(runner)) {
  }
  for (store::JobId id : {missing, empty, *odd, bad_poll}) {
    store::Job job = GetJob(id);
    EXPECT_EQ(job.state, "failed") << job.key;
    EXPECT_EQ(job.attempts, 1) << job.key;
    EXPECT_FALSE(job.last_error.empty()) << job.key;
  }
  EXPECT_NE(GetJob(missing).last_error.find("missing.txt"), std::string::npos);
  EXPECT_EQ(runner.stats().failed, 4);
  EXPECT_EQ(runner.stats().retried, 0);
}

TEST_F(WorkerTest, RetryDelayDoublesUpToTheCap) {
  WorkerOptions options;
  options.retry_base_s = 30;
  options.max_retry_s = 100;
  EXPECT_EQ(RetryDelay(options, 1), 30);
  EXPECT_EQ(RetryDelay(options, 2), 60);
  EXPECT_EQ(RetryDelay(options, 3), 100);
  EXPECT_EQ(RetryDelay(options, 40), 100);
}

// A job whose workers keep dying: each claim counts an attempt, and the
// runner that claims it after max_attempts gives it up without running it.
TEST_F(WorkerTest, AJobWhoseWorkersKeepDyingIsGivenUp) {
  const store::JobId id = Enqueue(kIngestJob, Write("x.txt", Article(9)));
  for (int i = 0; i < options_.max_attempts; ++i) {
    std::string dying = "dying:";
    dying += std::to_string(i);
    auto claimed = lib_->jobs().ClaimJob(dying, "",
                                         now_, options_.lease_s);
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
    now_ += options_.lease_s;  // ... and dies: its lease runs out
  }
  JobRunner runner(*lib_, options_, "test:1:0", nullptr);
  EXPECT_TRUE(RunOne(runner));
  store::Job job = GetJob(id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.attempts, options_.max_attempts + 1);
  EXPECT_NE(job.last_error.find("kept stopping"), std::string::npos);
  EXPECT_EQ(Articles(), 0);
}

TEST_F(WorkerTest, ADeadWorkersJobIsRunByTheNextAfterItsLease) {
  const store::JobId id = Enqueue(kIngestJob, Write("x.txt", Article(7)));
  auto claimed = lib_->jobs().ClaimJob("dead:1:0", "", now_, options_.lease_s);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  JobRunner runner(*lib_, options_, "test:2:0", nullptr);
  EXPECT_FALSE(RunOne(runner));  // leased
  now_ += options_.lease_s;
  EXPECT_TRUE(RunOne(runner));
  store::Job job = GetJob(id);
  EXPECT_EQ(job.state, "done");
  EXPECT_EQ(job.attempts, 2);
  EXPECT_EQ(job.worker, "test:2:0");
  EXPECT_EQ(Articles(), 1);
}

TEST_F(WorkerTest, DueSourcesBecomePollJobsOnce) {
  Write("drop/a.txt", Article(1));
  Write("drop/b.txt", Article(2));
  store::Source folder;
  folder.kind = "folder";
  folder.location = (dir_ / "in" / "drop").string();
  folder.added_at = now_;
  folder.next_fetch = now_;
  folder.interval_s = 60;
  auto source = lib_->sources().AddSource(folder);
  ASSERT_TRUE(source.ok()) << source.status().ToString();

  JobRunner first(*lib_, options_, "test:1:0", nullptr);
  JobRunner second(*lib_, options_, "test:1:1", nullptr);
  auto offered = first.OfferPolls();
  ASSERT_TRUE(offered.ok()) << offered.status().ToString();
  EXPECT_EQ(*offered, 1);
  ASSERT_TRUE(second.OfferPolls().ok());  // the same job, not a second
  auto counts = lib_->jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 1);

  EXPECT_TRUE(RunOne(first));
  EXPECT_FALSE(RunOne(second));
  EXPECT_EQ(Articles(), 2);
  auto polled = lib_->sources().GetSource(*source);
  ASSERT_TRUE(polled.ok());
  EXPECT_GT(polled->next_fetch, now_);

  // Not due any more: nothing is offered until its interval has passed.
  now_ += 1;
  auto again = first.OfferPolls();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  now_ = polled->next_fetch;
  Write("drop/c.txt", Article(3));
  again = first.OfferPolls();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 1);
  EXPECT_TRUE(RunOne(second));
  EXPECT_EQ(Articles(), 3);
  counts = lib_->jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->done, 2);
}

TEST_F(WorkerTest, APollJobForARemovedSourceGivesUp) {
  const store::JobId id = Enqueue(kPollJob, "4242");
  JobRunner runner(*lib_, options_, "test:1:0", nullptr);
  EXPECT_TRUE(RunOne(runner));
  EXPECT_EQ(GetJob(id).state, "failed");
}

// Real threads and clocks: a Worker with three threads, each with its own
// connection to one SQLite folder, empties the queue (--once) and every job
// runs exactly once.
TEST_F(WorkerTest, ThreadsShareTheQueueAndEachJobRunsOnce) {
  constexpr int kJobs = 30;
  now_ = NowUnixSeconds();  // the Worker runs on the real clock
  std::vector<store::JobId> ids;
  for (int i = 0; i < kJobs; ++i) {
    std::string file = "many/";
    file += std::to_string(i);
    file += ".txt";
    ids.push_back(Enqueue(kIngestJob, Write(file, Article(100 + i))));
  }
  WorkerOptions options;
  options.library.data_dir = options_.library.data_dir;
  options.threads = 3;
  options.once = true;
  options.log = nullptr;
  options.name = "unit";
  auto worker = Worker::Start(options);
  ASSERT_TRUE(worker.ok()) << worker.status().ToString();
  (*worker)->Wait();
  EXPECT_TRUE((*worker)->error().ok()) << (*worker)->error().ToString();
  EXPECT_EQ((*worker)->stats().done, kJobs);
  std::set<std::string> workers;
  for (store::JobId id : ids) {
    store::Job job = GetJob(id);
    EXPECT_EQ(job.state, "done");
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.worker.rfind("unit:", 0), 0u) << job.worker;
    workers.insert(job.worker);
  }
  EXPECT_GE(workers.size(), 1u);
  EXPECT_EQ(Articles(), kJobs);
}

TEST_F(WorkerTest, StopReturnsPromptlyFromAnIdleWait) {
  WorkerOptions options;
  options.library.data_dir = options_.library.data_dir;
  options.threads = 2;
  options.idle_wait = std::chrono::seconds(30);
  options.log = nullptr;
  auto worker = Worker::Start(options);
  ASSERT_TRUE(worker.ok()) << worker.status().ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto start = std::chrono::steady_clock::now();
  (*worker)->Stop();
  (*worker)->Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace khabar::service
