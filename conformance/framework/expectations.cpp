#include "conformance/framework/expectations.h"

#include <fnmatch.h>

#include <cstdlib>
#include <fstream>

namespace sporkle::conformance {
namespace {

std::vector<std::string> read_list(const std::string& path) {
  std::vector<std::string> entries;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (auto comma = line.find(','); comma != std::string::npos) line.resize(comma);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto last = line.find_last_not_of(" \t\r");
    entries.push_back(line.substr(first, last - first + 1));
  }
  return entries;
}

bool matches(const std::vector<std::string>& patterns, const std::string& test) {
  for (const std::string& p : patterns) {
    if (p == test || fnmatch(p.c_str(), test.c_str(), 0) == 0) return true;
  }
  return false;
}

}  // namespace

Expectations::Expectations() {
  const char* env = std::getenv("SPORKLE_CONFORMANCE_EXPECTATIONS");
  dir_ = env ? env : SPORKLE_CONFORMANCE_EXPECTATIONS_DIR;
}

Expectations& Expectations::instance() {
  static Expectations e;
  return e;
}

const Expectations::Lists& Expectations::lists(const std::string& gpu) const {
  std::lock_guard lock(mutex_);
  auto it = by_gpu_.find(gpu);
  if (it == by_gpu_.end()) {
    Lists l;
    l.fails = read_list(dir_ + "/" + gpu + "-fails.txt");
    l.flakes = read_list(dir_ + "/" + gpu + "-flakes.txt");
    l.skips = read_list(dir_ + "/" + gpu + "-skips.txt");
    it = by_gpu_.emplace(gpu, std::move(l)).first;
  }
  return it->second;
}

Listed Expectations::lookup(const std::string& gpu, const std::string& test) const {
  if (gpu.empty()) return Listed::None;
  const Lists& l = lists(gpu);
  if (matches(l.skips, test)) return Listed::Skip;
  if (matches(l.flakes, test)) return Listed::Flake;
  if (matches(l.fails, test)) return Listed::Fail;
  return Listed::None;
}

void Expectations::note_gpu(const std::string& test, const std::string& gpu) {
  std::lock_guard lock(mutex_);
  gpu_of_test_[test] = gpu;
}

std::string Expectations::gpu_of(const std::string& test) const {
  std::lock_guard lock(mutex_);
  auto it = gpu_of_test_.find(test);
  return it == gpu_of_test_.end() ? std::string() : it->second;
}

}  // namespace sporkle::conformance
