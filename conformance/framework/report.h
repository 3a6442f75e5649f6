// Collects every test's outcome, classifies it against the expectation lists, and reports: a per-suite table,
// the line CI parses ("N passed, N failed, N skipped"), and JUnit XML.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sporkle::conformance {

enum class Outcome { Pass, Fail, Skip, ExpectedFail, Flake, UnexpectedPass };

struct TestRecord {
  std::string suite;
  std::string name;
  std::string gpu;
  Outcome outcome = Outcome::Pass;
  double seconds = 0;
  std::string message;  // failure text, or the skip reason
};

class Recorder : public ::testing::EmptyTestEventListener {
 public:
  void OnTestEnd(const ::testing::TestInfo& info) override;
  const std::vector<TestRecord>& records() const { return records_; }

 private:
  std::vector<TestRecord> records_;
};

struct Totals {
  int passed = 0, failed = 0, skipped = 0, expected_fail = 0, flakes = 0, unexpected_pass = 0;
};
Totals totals(const std::vector<TestRecord>& records);

void print_summary(const std::vector<TestRecord>& records);
bool write_junit(const std::string& path, const std::vector<TestRecord>& records);

}  // namespace sporkle::conformance
