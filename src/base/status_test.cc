#include "base/status.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, CallerErrorsAreApartFromEnvironmentErrors) {
  EXPECT_TRUE(Status::InvalidArgument("x").IsCallerError());
  EXPECT_TRUE(Status::NotFound("x").IsCallerError());
  EXPECT_FALSE(Status::IOError("x").IsCallerError());
  EXPECT_FALSE(Status::Corruption("x").IsCallerError());
}

TEST(StatusTest, WithContextPrefixesMessage) {
  Status s = Status::InvalidArgument("bad byte").WithContext("a.txt:3");
  EXPECT_EQ(s.message(), "a.txt:3: bad byte");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Status::NotFound("nope");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace khabar
