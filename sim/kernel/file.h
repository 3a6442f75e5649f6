// One open DRM file (struct drm_file + amdgpu_fpriv): its handle tables, its GPU VM, its contexts.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "sim/gpu/vm.h"
#include "sim/kernel/device.h"
#include "sim/kernel/fd_table.h"

namespace sporkle::sim::kernel {

struct Bo;
struct Ctx;
struct Syncobj;
struct BoList;
struct DmaBuf;

// idr with "lowest free id >= 1" allocation, as the kernel's idr_alloc(…, 1, 0).
template <typename T>
class HandleTable {
 public:
  // 0 when the table is full (max ids reached).
  uint32_t insert(std::shared_ptr<T> obj, uint32_t max_id = UINT32_MAX) {
    uint32_t id = 1;
    for (auto it = map_.begin(); it != map_.end() && it->first == id; ++it) ++id;
    if (id > max_id) return 0;
    map_.emplace(id, std::move(obj));
    return id;
  }
  std::shared_ptr<T> get(uint32_t id) const {
    auto it = map_.find(id);
    return it == map_.end() ? nullptr : it->second;
  }
  std::shared_ptr<T> remove(uint32_t id) {
    auto it = map_.find(id);
    if (it == map_.end()) return nullptr;
    auto obj = std::move(it->second);
    map_.erase(it);
    return obj;
  }
  void replace(uint32_t id, std::shared_ptr<T> obj) { map_[id] = std::move(obj); }
  const std::map<uint32_t, std::shared_ptr<T>>& all() const { return map_; }
  void clear() { map_.clear(); }

 private:
  std::map<uint32_t, std::shared_ptr<T>> map_;
};

// A BO's presence in this file's VM (amdgpu_bo_va): one per (file, BO).
struct BoVa {
  uint64_t id;         // owner tag of its mappings in the gpu::Vm
  uint32_t ref_count;  // handles of this file to the BO
};

class File : public FileObject {
 public:
  File(std::shared_ptr<Device> device, NodeType node, bool privileged);
  ~File() override;
  Kind kind() const override { return Kind::DrmFile; }

  Device& device() { return *device_; }
  std::shared_ptr<Device> device_ptr() { return device_; }
  NodeType node() const { return node_; }
  bool is_render() const { return node_ == NodeType::Render; }
  bool privileged() const { return privileged_; }  // CAP_SYS_ADMIN (also stands in for CAP_SYS_NICE)
  bool is_master() const { return device_->master == this; }

  // drm_ioctl(): the whole dispatch with the kernel's size handling, permission checks and copy-back.
  // arg is the client's pointer. Returns 0 or -errno.
  int ioctl(unsigned long request, void* arg);

  // What mmap(offset, length) on this file maps, or -errno as amdgpu_gem_object_mmap / drm_gem_mmap return.
  // The whole BO is mapped: GEM mmap offsets name a BO's start exactly.
  int mmap_target(uint64_t offset, uint64_t length, std::shared_ptr<gpu::Allocation>* out);

  gpu::Vm& vm() { return *vm_; }
  std::shared_ptr<gpu::Vm> vm_ptr() { return vm_; }

  std::mutex mutex;  // guards the tables below (one lock per file, like the kernel's per-file locks)
  HandleTable<Bo> gem;
  std::map<const Bo*, BoVa> bo_vas;
  std::map<const DmaBuf*, uint32_t> prime_handles;  // dma-bufs imported/exported -> handle (prime cache)
  HandleTable<Syncobj> syncobjs;
  HandleTable<Ctx> contexts;
  HandleTable<BoList> bo_lists;
  uint64_t next_bo_va_id = 1;
  uint64_t prt_va_id = 0;  // owner tag of PRT mappings (the file's prt_va)

  // DRM authentication (drm_auth.c). Render files are always authenticated.
  bool authenticated = false;
  uint32_t magic = 0;
  bool was_master = false;

  // GET_CLIENT reports these.
  pid_t pid = 0;
  uid_t uid = 0;

 private:
  std::shared_ptr<Device> device_;
  NodeType node_;
  bool privileged_;
  std::shared_ptr<gpu::Vm> vm_;  // queued jobs keep it alive after the file is closed
};

}  // namespace sporkle::sim::kernel
