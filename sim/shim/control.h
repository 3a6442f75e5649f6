// Control of the simulator behind the shim, for programs that link the shim (our tests) rather than preload it.
//
// The shim starts the simulator the first time a client touches a simulated path. What it simulates comes from
// configure() if called before that, else from the environment:
//   SPORKLE_BACKEND   sim: simulate; hw, or a device node path: pass everything through to the real system;
//                     auto: simulate unless a real amdgpu render node exists.
//                     Unset means auto when the shim is preloaded (LD_PRELOAD) and sim when a program links it:
//                     such a program chose the simulator by linking it.
//   SPORKLE_DEVICES   personalities, comma separated, card0 first (e.g. gfx1030,gfx900)
//   SPORKLE_GPU       one personality (when SPORKLE_DEVICES is unset); default gfx900
//   SPORKLE_PRIVILEGED 1/0: whether openers count as CAP_SYS_ADMIN (default: effective uid 0)
// Each process that starts the simulator has its own devices; a forked child keeps a copy of its parent's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/device.h"

namespace sporkle::sim::shim {

enum class Backend { Sim, Hw, Auto };

struct Options {
  std::optional<Backend> backend;
  std::vector<std::string> gpus;     // personality names, card0 first; empty: from the environment
  std::optional<bool> privileged;    // empty: from the environment
};

// Replaces the configuration; only before the simulator has started (returns false afterwards, changing nothing).
bool configure(const Options& options);

// Starts the simulator if needed. False when the shim passes everything through.
bool active();

// The simulated devices, card0's first (empty when not active).
const std::vector<std::shared_ptr<kernel::Device>>& devices();

}  // namespace sporkle::sim::shim
