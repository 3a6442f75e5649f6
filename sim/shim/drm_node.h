// Opening a simulated device node, and what stat says about one.
#pragma once

#include <sys/stat.h>

#include <memory>

#include "sim/kernel/file.h"
#include "sim/shim/fake_tree.h"
#include "sim/shim/state.h"

namespace sporkle::sim::shim {

// drm_open on the node: a new simulated DRM file behind a new real fd (a distinct open file description, so dup,
// close-on-exec and fork behave as for a real device file). Returns the fd, or -1 with errno.
int open_drm_node(State& s, const FakeTree::Node& node, int flags);

// The simulated DRM file fd refers to, or null.
std::shared_ptr<kernel::File> drm_file(int fd);
// The node a DRM file was opened on.
const FakeTree::Node* node_of(kernel::File& file);

// Rewrites what stat reported for a node's placeholder into what it reports for the character device.
void as_device_node(struct stat* st, const FakeTree::Node& node);
void as_device_node(struct statx* stx, const FakeTree::Node& node);

// The fd number is now something the shim did not create: drop any stale simulated meaning it had.
void forget_stale(int fd);

}  // namespace sporkle::sim::shim
