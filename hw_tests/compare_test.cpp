// The same submissions on the real GPU and on the simulator (a child process running sporkle-hw-replay with
// SPORKLE_GPU set to the GPU's target) must leave the same bytes in memory.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hw_tests/real_gpu.h"
#include "hw_tests/submissions.h"
#include "sporkle/spec/personality.h"

extern char** environ;

namespace sporkle::hw_tests {
namespace {

// Runs the replay helper on the simulated personality gpu; returns its exit status (-1 if it could not run).
int run_replay(const std::string& gpu, const std::string& out) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string v = *e;
    if (!v.starts_with("SPORKLE_DEVICES=") && !v.starts_with("SPORKLE_GPU=") && !v.starts_with("SPORKLE_BACKEND="))
      env.push_back(std::move(v));
  }
  env.push_back("SPORKLE_BACKEND=sim");
  env.push_back("SPORKLE_GPU=" + gpu);
  std::vector<char*> envp;
  for (std::string& v : env) envp.push_back(v.data());
  envp.push_back(nullptr);
  std::string prog = SPORKLE_HW_REPLAY, arg = out;
  char* argv[] = {prog.data(), arg.data(), nullptr};
  pid_t pid;
  if (posix_spawn(&pid, prog.c_str(), nullptr, nullptr, argv, envp.data()) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The first differing byte, for a readable failure message.
std::string first_difference(const std::vector<uint8_t>& hw, const std::vector<uint8_t>& sim) {
  for (size_t i = 0; i < std::min(hw.size(), sim.size()); ++i) {
    if (hw[i] == sim[i]) continue;
    std::ostringstream os;
    os << std::hex << "first difference at offset 0x" << i << ": hardware 0x" << int(hw[i]) << ", simulator 0x"
       << int(sim[i]);
    return os.str();
  }
  return "sizes " + std::to_string(hw.size()) + " vs " + std::to_string(sim.size());
}

TEST(HardwareVsSimulator, SubmissionResultsMatchBitForBit) {
  SPORKLE_REQUIRE_GPU(gpu);
  const std::string target = gpu->info().gfx_target;
  if (target.empty() || !spec::find_personality(target))
    GTEST_SKIP() << "the simulator has no personality for " << (target.empty() ? "this chip" : target);

  const std::vector<Result> hw = run_submissions(*gpu, SPORKLE_HW_KERNEL_DIR);

  const std::string out = ::testing::TempDir() + "sporkle-hw-replay-" + std::to_string(getpid()) + ".bin";
  ASSERT_EQ(run_replay(target, out), 0) << SPORKLE_HW_REPLAY << " failed on the simulated " << target;
  std::ifstream in(out, std::ios::binary);
  const std::vector<Result> sim = read_results(in);
  std::remove(out.c_str());

  ASSERT_EQ(hw.size(), sim.size());
  for (size_t i = 0; i < hw.size(); ++i) {
    SCOPED_TRACE(hw[i].name);
    ASSERT_EQ(hw[i].name, sim[i].name);
    EXPECT_TRUE(hw[i].bytes == sim[i].bytes) << first_difference(hw[i].bytes, sim[i].bytes);
  }
}

}  // namespace
}  // namespace sporkle::hw_tests
