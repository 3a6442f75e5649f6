// Known results per GPU, deqp-runner style: conformance/expectations/<gpu>-{fails,flakes,skips}.txt.
// Each non-empty line that does not start with '#' is a full test name ("ioctl/Cs.Foo/gfx900") or a glob
// pattern over full names; anything after a ',' is a comment (deqp-runner writes "name,Fail").
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sporkle::conformance {

enum class Listed { None, Fail, Flake, Skip };

class Expectations {
 public:
  // Directory: $SPORKLE_CONFORMANCE_EXPECTATIONS or the source tree's conformance/expectations.
  static Expectations& instance();

  Listed lookup(const std::string& gpu, const std::string& test) const;

  // Which GPU a test ran on, recorded by the fixtures so the reporter can apply that GPU's lists.
  void note_gpu(const std::string& test, const std::string& gpu);
  std::string gpu_of(const std::string& test) const;

 private:
  Expectations();
  struct Lists {
    std::vector<std::string> fails, flakes, skips;
  };
  const Lists& lists(const std::string& gpu) const;

  std::string dir_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Lists> by_gpu_;
  std::map<std::string, std::string> gpu_of_test_;
};

}  // namespace sporkle::conformance
