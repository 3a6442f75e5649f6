// A BO list (amdgpu_bo_list): the buffers a submission uses, kept alive by the list and then by the job.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace sporkle::sim::kernel {

class File;
struct Bo;

struct BoList {
  struct Entry {
    std::shared_ptr<Bo> bo;
    uint32_t priority;
  };
  std::vector<Entry> entries;
};

// amdgpu_bo_create_list_entry_array + amdgpu_bo_list_create: copies the client's entries (any stride) and
// resolves the handles. 0 or -errno.
int bo_list_from_user(File& file, uint64_t user_ptr, uint32_t count, uint32_t entry_size,
                      std::shared_ptr<BoList>* out);

}  // namespace sporkle::sim::kernel
