#include "store/job_store_test.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace khabar::store::testing {
namespace {

constexpr UnixSeconds kT0 = 1800000000;

#define ASSERT_OK(expr)                              \
  do {                                               \
    const Status _status = (expr);                   \
    ASSERT_TRUE(_status.ok()) << _status.ToString(); \
  } while (0)

}  // namespace

void JobStoreTest::SetUp() {
  ReaderStoreTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  jobs_ = JobsOf(store_.get());
  ASSERT_NE(jobs_, nullptr) << "backend does not implement JobStore";
}

JobStore* JobStoreTest::JobsOf(ArticleStore* store) {
  return dynamic_cast<JobStore*>(store);
}

TEST_P(JobStoreTest, EnqueueClaimComplete) {
  auto id = jobs().EnqueueJob("ingest", "/srv/drop/a.txt", "/srv/drop/أ.txt",
                              kT0);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto queued = jobs().GetJob(*id);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_EQ(queued->kind, "ingest");
  EXPECT_EQ(queued->key, "/srv/drop/a.txt");
  EXPECT_EQ(queued->payload, "/srv/drop/أ.txt");
  EXPECT_EQ(queued->state, "queued");
  EXPECT_EQ(queued->attempts, 0);
  EXPECT_EQ(queued->run_after, kT0);
  EXPECT_GT(queued->created_at, 0);
  EXPECT_FALSE(queued->finished_at.has_value());

  auto claimed = jobs().ClaimJob("host:1:0", "", kT0, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_TRUE(claimed->has_value());
  const Job& job = **claimed;
  EXPECT_EQ(job.id, *id);
  EXPECT_EQ(job.state, "running");
  EXPECT_EQ(job.worker, "host:1:0");
  EXPECT_EQ(job.lease_until, kT0 + 60);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.payload, "/srv/drop/أ.txt");

  auto none = jobs().ClaimJob("host:1:1", "", kT0, 60);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  ASSERT_OK(jobs().CompleteJob(*id, "host:1:0", kT0 + 5));
  auto done = jobs().GetJob(*id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, "done");
  EXPECT_EQ(done->finished_at, kT0 + 5);
  EXPECT_EQ(done->attempts, 1);
  // Done is done: a late duplicate completion is refused.
  EXPECT_EQ(jobs().CompleteJob(*id, "host:1:0", kT0 + 6).code(),
            StatusCode::kPermissionDenied);
}

TEST_P(JobStoreTest, EnqueueIsIdempotentWhileUnfinished) {
  auto first = jobs().EnqueueJob("poll", "7", "7", kT0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = jobs().EnqueueJob("poll", "7", "other payload", kT0 + 100);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *first);
  auto job = jobs().GetJob(*first);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->payload, "7");  // the first offer stands
  EXPECT_EQ(job->run_after, kT0);

  auto other_kind = jobs().EnqueueJob("ingest", "7", "7", kT0);
  ASSERT_TRUE(other_kind.ok());
  EXPECT_NE(*other_kind, *first);

  // Still one job while it runs.
  auto claimed = jobs().ClaimJob("w", "poll", kT0, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  auto while_running = jobs().EnqueueJob("poll", "7", "7", kT0);
  ASSERT_TRUE(while_running.ok());
  EXPECT_EQ(*while_running, *first);

  // Finished: the next offer is a new job.
  ASSERT_OK(jobs().CompleteJob(*first, "w", kT0 + 1));
  auto next = jobs().EnqueueJob("poll", "7", "7", kT0 + 900);
  ASSERT_TRUE(next.ok());
  EXPECT_NE(*next, *first);
  auto counts = jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 2);
  EXPECT_EQ(counts->done, 1);
}

TEST_P(JobStoreTest, ClaimsDueJobsOldestFirstAndByKind) {
  auto later = jobs().EnqueueJob("ingest", "later", "", kT0 + 100);
  auto first = jobs().EnqueueJob("ingest", "first", "", kT0 - 10);
  auto poll = jobs().EnqueueJob("poll", "1", "1", kT0 - 20);
  auto second = jobs().EnqueueJob("ingest", "second", "", kT0);
  ASSERT_TRUE(later.ok() && first.ok() && poll.ok() && second.ok());

  auto a = jobs().ClaimJob("w", "ingest", kT0, 1000);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->id, *first);
  auto b = jobs().ClaimJob("w", "ingest", kT0, 1000);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->id, *second);
  auto c = jobs().ClaimJob("w", "ingest", kT0, 1000);  // `later` is not due
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  auto d = jobs().ClaimJob("w", "", kT0, 1000);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->id, *poll);
  // The others are leased until kT0 + 1000.
  auto e = jobs().ClaimJob("w", "", kT0 + 100, 60);
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->id, *later);
}

TEST_P(JobStoreTest, FailRetriesThenGivesUp) {
  auto id = jobs().EnqueueJob("ingest", "x", "/x", kT0);
  ASSERT_TRUE(id.ok());
  auto claimed = jobs().ClaimJob("w", "", kT0, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  ASSERT_OK(jobs().FailJob(*id, "w", "disk busy", kT0 + 30, kT0 + 1));
  auto retry = jobs().GetJob(*id);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->state, "queued");
  EXPECT_EQ(retry->run_after, kT0 + 30);
  EXPECT_EQ(retry->last_error, "disk busy");
  EXPECT_FALSE(retry->finished_at.has_value());

  auto early = jobs().ClaimJob("w", "", kT0 + 29, 60);
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(early->has_value());
  auto again = jobs().ClaimJob("w2", "", kT0 + 30, 60);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->attempts, 2);
  EXPECT_EQ((*again)->worker, "w2");

  ASSERT_OK(jobs().FailJob(*id, "w2", "still busy", std::nullopt, kT0 + 31));
  auto failed = jobs().GetJob(*id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, "failed");
  EXPECT_EQ(failed->finished_at, kT0 + 31);
  EXPECT_EQ(failed->last_error, "still busy");
  auto none = jobs().ClaimJob("w", "", kT0 + 10000, 60);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto counts = jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->queued + counts->running + counts->done, 0);
  // A failed job frees its key.
  auto fresh = jobs().EnqueueJob("ingest", "x", "/x", kT0 + 40);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(*fresh, *id);
}

TEST_P(JobStoreTest, ADeadWorkersJobIsClaimedAgainWhenItsLeaseEnds) {
  auto id = jobs().EnqueueJob("ingest", "x", "/x", kT0);
  ASSERT_TRUE(id.ok());
  auto a = jobs().ClaimJob("dead:1:0", "", kT0, 60);
  ASSERT_TRUE(a.ok() && a->has_value());

  auto too_soon = jobs().ClaimJob("live:2:0", "", kT0 + 59, 60);
  ASSERT_TRUE(too_soon.ok());
  EXPECT_FALSE(too_soon->has_value());
  auto b = jobs().ClaimJob("live:2:0", "", kT0 + 60, 60);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->id, *id);
  EXPECT_EQ((*b)->attempts, 2);
  EXPECT_EQ((*b)->worker, "live:2:0");
  EXPECT_EQ((*b)->lease_until, kT0 + 120);

  // The first worker wakes up: its lease moved, it must drop its results.
  EXPECT_EQ(jobs().RenewJob(*id, "dead:1:0", kT0 + 500).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(jobs().CompleteJob(*id, "dead:1:0", kT0 + 61).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(jobs().FailJob(*id, "dead:1:0", "x", kT0 + 90, kT0 + 61).code(),
            StatusCode::kPermissionDenied);
  auto job = jobs().GetJob(*id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "running");
  EXPECT_EQ(job->lease_until, kT0 + 120);
  ASSERT_OK(jobs().CompleteJob(*id, "live:2:0", kT0 + 62));
}

TEST_P(JobStoreTest, RenewKeepsALongJob) {
  auto id = jobs().EnqueueJob("ingest", "big", "/big", kT0);
  ASSERT_TRUE(id.ok());
  auto a = jobs().ClaimJob("a", "", kT0, 60);
  ASSERT_TRUE(a.ok() && a->has_value());
  ASSERT_OK(jobs().RenewJob(*id, "a", kT0 + 200));
  auto b = jobs().ClaimJob("b", "", kT0 + 100, 60);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->has_value());
  // A job whose lease ran out but that nobody took is still its worker's.
  ASSERT_OK(jobs().RenewJob(*id, "a", kT0 + 300));
  ASSERT_OK(jobs().CompleteJob(*id, "a", kT0 + 400));
  EXPECT_EQ(jobs().RenewJob(*id, "a", kT0 + 500).code(),
            StatusCode::kPermissionDenied);
}

TEST_P(JobStoreTest, UnknownJobsAndBadArguments) {
  EXPECT_EQ(jobs().GetJob(424242).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs().CompleteJob(424242, "w", kT0).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(jobs().RenewJob(424242, "w", kT0).code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs().FailJob(424242, "w", "e", std::nullopt, kT0).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(jobs().EnqueueJob("", "k", "", kT0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(jobs().EnqueueJob("ingest", "", "", kT0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(jobs().EnqueueJob("ingest", "\xff\xfe", "", kT0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(jobs().ClaimJob("", "", kT0, 60).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(jobs().ClaimJob("w", "", kT0, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(JobStoreTest, PruneDeletesOldFinishedJobsOnly) {
  std::vector<JobId> ids;
  for (const char* key : {"a", "b", "c", "d"}) {
    auto id = jobs().EnqueueJob("ingest", key, key, kT0);
    ASSERT_TRUE(id.ok());
    ids.push_back(*id);
  }
  for (int i = 0; i < 3; ++i) {
    auto claimed = jobs().ClaimJob("w", "", kT0, 60);
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
  }
  ASSERT_OK(jobs().CompleteJob(ids[0], "w", kT0 + 10));
  ASSERT_OK(jobs().FailJob(ids[1], "w", "bad", std::nullopt, kT0 + 20));
  ASSERT_OK(jobs().CompleteJob(ids[2], "w", kT0 + 100));
  auto counts = jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->done, 2);
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->queued, 1);
  EXPECT_EQ(counts->running, 0);

  auto pruned = jobs().PruneJobs(kT0 + 50);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(*pruned, 2);
  EXPECT_EQ(jobs().GetJob(ids[0]).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs().GetJob(ids[1]).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(jobs().GetJob(ids[2]).ok());
  EXPECT_TRUE(jobs().GetJob(ids[3]).ok());
  auto none = jobs().PruneJobs(kT0 + 50);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

TEST_P(JobStoreTest, ConnectionsSeeOneQueue) {
  std::unique_ptr<ArticleStore> other = OpenAnother();
  ASSERT_NE(other, nullptr);
  JobStore* second = JobsOf(other.get());
  ASSERT_NE(second, nullptr);
  auto id = jobs().EnqueueJob("ingest", "shared", "/s", kT0);
  ASSERT_TRUE(id.ok());
  auto same = second->EnqueueJob("ingest", "shared", "/s", kT0);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *id);
  auto claimed = second->ClaimJob("two", "", kT0, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  auto none = jobs().ClaimJob("one", "", kT0, 60);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_OK(second->CompleteJob(*id, "two", kT0 + 1));
  auto job = jobs().GetJob(*id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done");
}

// Threads with a connection each race for 200 jobs: every job is claimed
// exactly once.
TEST_P(JobStoreTest, ConcurrentClaimersTakeEveryJobExactlyOnce) {
  constexpr int kJobs = 200;
  constexpr int kThreads = 4;
  for (int i = 0; i < kJobs; ++i) {
    std::string key = "file-";
    key += std::to_string(i);
    auto id = jobs().EnqueueJob("ingest", key, "/f", kT0);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }
  std::vector<std::unique_ptr<ArticleStore>> stores;
  for (int t = 0; t < kThreads; ++t) {
    stores.push_back(OpenAnother());
    ASSERT_NE(stores.back(), nullptr);
  }
  std::mutex mu;
  std::vector<JobId> claimed;
  std::vector<std::string> errors;
  std::vector<int> per_thread(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      JobStore& store = *JobsOf(stores[t].get());
      std::string worker = "test:";
      worker += std::to_string(t);
      while (true) {
        auto job = store.ClaimJob(worker, "", kT0, 60);
        if (!job.ok()) {
          std::lock_guard lock(mu);
          errors.push_back(job.status().ToString());
          return;
        }
        if (!job->has_value()) return;
        Status done = store.CompleteJob((*job)->id, worker, kT0 + 1);
        std::lock_guard lock(mu);
        if (!done.ok()) errors.push_back(done.ToString());
        claimed.push_back((*job)->id);
        ++per_thread[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& error : errors) ADD_FAILURE() << error;
  ASSERT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  std::set<JobId> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kJobs));
  auto counts = jobs().CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->done, kJobs);
  for (JobId id : unique) {
    auto job = jobs().GetJob(id);
    ASSERT_TRUE(job.ok());
    EXPECT_EQ(job->attempts, 1) << "job " << id;
  }
}

}  // namespace khabar::store::testing
