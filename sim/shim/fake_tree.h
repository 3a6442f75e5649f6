// The files a DRM client looks at to find GPUs (/dev/dri, /sys/dev/char/226:*, the PCI device directory), built
// as a real directory tree under a temporary root so that directory listing, symlinks and realpath behave as on a
// real system. Client paths under the simulated prefixes are redirected into it; device nodes are placeholders
// that the shim turns into simulated DRM files.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/device.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::shim {

class FakeTree {
 public:
  struct Node {
    uint32_t device;  // index: card<device>, renderD<128+device>
    kernel::NodeType type;
    uint32_t minor;
    std::string path;         // /dev/dri/...
    std::string placeholder;  // the file standing for it in the tree
  };

  enum class Kind { PassThrough, Redirect, DeviceNode };
  struct Target {
    Kind kind = Kind::PassThrough;
    std::string real;          // Redirect: the path inside the tree
    const Node* node = nullptr;  // DeviceNode
  };

  // Builds the tree for devices 0..n-1 under a new directory in $TMPDIR (or /tmp). Null on failure (errno set).
  static std::unique_ptr<FakeTree> create(const std::vector<const spec::Personality*>& devices);
  ~FakeTree();
  void remove();  // deletes the directory tree

  // What an absolute client path means.
  Target resolve(std::string_view path) const;
  // The client's name for a path inside the tree (realpath results), or nullopt for paths outside it.
  std::optional<std::string> to_client(std::string_view real) const;
  const Node* node(uint32_t device, kernel::NodeType type) const;

  // Cheap test, before the simulator starts, of whether a path may be one the tree shadows.
  static bool may_shadow(const char* path);

 private:
  FakeTree() = default;
  bool build(const std::vector<const spec::Personality*>& devices);

  std::string root_;
  std::vector<std::string> prefixes_;  // client path prefixes redirected into the tree
  std::vector<Node> nodes_;
};

}  // namespace sporkle::sim::shim
