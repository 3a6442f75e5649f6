#include "conformance/framework/report.h"

#include <cstdio>
#include <fstream>
#include <map>

#include "conformance/framework/expectations.h"

namespace sporkle::conformance {
namespace {

std::string failure_text(const ::testing::TestResult& result, bool skipped) {
  std::string text;
  for (int i = 0; i < result.total_part_count(); ++i) {
    const ::testing::TestPartResult& part = result.GetTestPartResult(i);
    if (skipped ? !part.skipped() : !part.failed()) continue;
    if (!text.empty()) text += "\n";
    if (part.file_name()) text += std::string(part.file_name()) + ":" + std::to_string(part.line_number()) + ": ";
    text += part.message();
  }
  return text;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

}  // namespace

void Recorder::OnTestEnd(const ::testing::TestInfo& info) {
  const ::testing::TestResult& result = *info.result();
  TestRecord r;
  r.suite = info.test_suite_name();
  r.name = info.name();
  const std::string full = r.suite + "." + r.name;
  r.gpu = Expectations::instance().gpu_of(full);
  r.seconds = static_cast<double>(result.elapsed_time()) / 1000.0;
  const Listed listed = Expectations::instance().lookup(r.gpu, full);
  if (result.Failed()) {
    r.message = failure_text(result, false);
    r.outcome = listed == Listed::Fail ? Outcome::ExpectedFail : listed == Listed::Flake ? Outcome::Flake : Outcome::Fail;
  } else if (result.Skipped()) {
    r.message = failure_text(result, true);
    r.outcome = Outcome::Skip;
  } else {
    r.outcome = listed == Listed::Fail ? Outcome::UnexpectedPass : Outcome::Pass;
  }
  if (r.outcome == Outcome::ExpectedFail) std::printf("[ EXPECTED ] %s (listed in %s-fails.txt)\n", full.c_str(), r.gpu.c_str());
  if (r.outcome == Outcome::Flake) std::printf("[  FLAKE   ] %s (listed in %s-flakes.txt)\n", full.c_str(), r.gpu.c_str());
  if (r.outcome == Outcome::UnexpectedPass)
    std::printf("[UNEXPECTED] %s passed but is listed in %s-fails.txt\n", full.c_str(), r.gpu.c_str());
  records_.push_back(std::move(r));
}

Totals totals(const std::vector<TestRecord>& records) {
  Totals t;
  for (const TestRecord& r : records) {
    switch (r.outcome) {
      case Outcome::Pass: ++t.passed; break;
      case Outcome::Fail: ++t.failed; break;
      case Outcome::Skip: ++t.skipped; break;
      case Outcome::ExpectedFail: ++t.expected_fail; break;
      case Outcome::Flake: ++t.flakes; break;
      case Outcome::UnexpectedPass: ++t.unexpected_pass; ++t.passed; break;
    }
  }
  return t;
}

void print_summary(const std::vector<TestRecord>& records) {
  std::map<std::string, std::vector<TestRecord>> by_suite;
  for (const TestRecord& r : records) by_suite[r.suite].push_back(r);
  size_t width = 5;
  for (const auto& [suite, _] : by_suite) width = std::max(width, suite.size());
  const int w = static_cast<int>(width);

  std::printf("\n%-*s %8s %8s %8s %8s\n", w, "suite", "passed", "failed", "skipped", "xfail");
  for (const auto& [suite, list] : by_suite) {
    Totals t = totals(list);
    std::printf("%-*s %8d %8d %8d %8d\n", w, suite.c_str(), t.passed, t.failed, t.skipped, t.expected_fail + t.flakes);
  }
  Totals all = totals(records);
  std::printf("%-*s %8d %8d %8d %8d\n\n", w, "total", all.passed, all.failed, all.skipped,
              all.expected_fail + all.flakes);

  for (const TestRecord& r : records) {
    if (r.outcome == Outcome::Fail) std::printf("FAILED: %s.%s\n", r.suite.c_str(), r.name.c_str());
  }
  for (const TestRecord& r : records) {
    if (r.outcome == Outcome::UnexpectedPass)
      std::printf("UNEXPECTED PASS (remove from %s-fails.txt): %s.%s\n", r.gpu.c_str(), r.suite.c_str(), r.name.c_str());
  }
  if (all.expected_fail || all.flakes || all.unexpected_pass) {
    std::printf("%d expected fails, %d flakes, %d unexpected passes\n", all.expected_fail, all.flakes,
                all.unexpected_pass);
  }
  std::printf("%d passed, %d failed, %d skipped\n", all.passed, all.failed, all.skipped);
  std::fflush(stdout);
}

bool write_junit(const std::string& path, const std::vector<TestRecord>& records) {
  std::ofstream out(path);
  if (!out) return false;
  std::map<std::string, std::vector<const TestRecord*>> by_suite;
  for (const TestRecord& r : records) by_suite[r.suite].push_back(&r);
  Totals all = totals(records);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"sporkle-conformance\" tests=\"" << records.size() << "\" failures=\"" << all.failed
      << "\" skipped=\"" << all.skipped << "\">\n";
  for (const auto& [suite, list] : by_suite) {
    Totals t;
    double seconds = 0;
    for (const TestRecord* r : list) seconds += r->seconds;
    std::vector<TestRecord> copy;
    for (const TestRecord* r : list) copy.push_back(*r);
    t = totals(copy);
    out << "  <testsuite name=\"" << xml_escape(suite) << "\" tests=\"" << list.size() << "\" failures=\""
        << t.failed << "\" skipped=\"" << t.skipped << "\" time=\"" << seconds << "\">\n";
    for (const TestRecord* r : list) {
      out << "    <testcase classname=\"" << xml_escape(suite) << "\" name=\"" << xml_escape(r->name)
          << "\" time=\"" << r->seconds << "\">";
      switch (r->outcome) {
        case Outcome::Fail:
          out << "<failure message=\"failed\">" << xml_escape(r->message) << "</failure>";
          break;
        case Outcome::Skip:
          out << "<skipped message=\"" << xml_escape(r->message) << "\"/>";
          break;
        case Outcome::ExpectedFail:
        case Outcome::Flake:
          out << "<system-out>" << (r->outcome == Outcome::Flake ? "known flake" : "expected fail") << " on "
              << xml_escape(r->gpu) << ":\n" << xml_escape(r->message) << "</system-out>";
          break;
        case Outcome::UnexpectedPass:
          out << "<system-out>unexpected pass: listed in " << xml_escape(r->gpu) << "-fails.txt</system-out>";
          break;
        case Outcome::Pass:
          break;
      }
      out << "</testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return static_cast<bool>(out);
}

}  // namespace sporkle::conformance
