// The shim's process-wide state: whether it simulates, the devices, the fake tree.
#pragma once

#include <sys/types.h>

#include <memory>
#include <vector>

#include "sim/kernel/device.h"
#include "sim/shim/fake_tree.h"

namespace sporkle::sim::shim {

struct State {
  bool active = false;
  bool privileged = false;  // openers have CAP_SYS_ADMIN
  std::vector<std::shared_ptr<kernel::Device>> devices;
  std::unique_ptr<FakeTree> tree;
  pid_t owner = 0;  // the process that built the tree removes it
};

// Starts the simulator on first use.
State& state();
// Null until the simulator has started; never starts it.
State* started_state();

}  // namespace sporkle::sim::shim
