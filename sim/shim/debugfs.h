// The one debugfs file the simulator offers: /sys/kernel/debug/dri/<primary minor>/amdgpu_gpu_recover, which
// resets the GPU with nobody guilty (amdgpu_fence.c gpu_recover_get) and reads as the reset's result ("0\n").
// The reset runs when the file is opened (the kernel runs it on the first read at offset 0; a client that opens
// and reads sees the same), and the value is then read from an ordinary in-memory file, so read(), pread() and
// stdio all see it. Like debugfs, it is root only: without CAP_SYS_ADMIN (SPORKLE_PRIVILEGED) open fails with
// EACCES.
#pragma once

#include <optional>

namespace sporkle::sim::shim {

// nullopt: not a simulated debugfs path (the caller passes the call through). Otherwise the fd or -1 with errno.
std::optional<int> open_debugfs(const char* path, int flags);

}  // namespace sporkle::sim::shim
