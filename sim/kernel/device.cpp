#include "sim/kernel/device.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "sim/gpu/pm4/gpu_clock.h"
#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/scheduler.h"

namespace sporkle::sim::kernel {

namespace {
// DRM_FILE_PAGE_OFFSET_START on 64-bit kernels.
constexpr uint64_t kMmapOffsetStart = 0x100000000ull;

std::mutex g_devices_mutex;
std::set<Device*>& live_devices() {
  static auto* s = new std::set<Device*>;
  return *s;
}

// amdgpu_device_get_job_timeout_settings, for the ring types the simulator has. The parameter's order
// (gfx, compute, sdma, video) matches gpu::RingType's for the first three.
void parse_lockup_timeout(const std::string& text, int64_t ms[3]) {
  if (text.empty()) return;
  size_t pos = 0;
  int given = 0;
  for (;;) {
    size_t comma = text.find(',', pos);
    long long v = std::strtoll(text.substr(pos, comma == std::string::npos ? comma : comma - pos).c_str(), nullptr, 10);
    if (v != 0 && given < 3) ms[given] = v < 0 ? -1 : v;
    ++given;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  // On bare metal a single value sets gfx, sdma and video but not compute.
  if (given == 1) ms[static_cast<int>(gpu::RingType::Sdma)] = ms[static_cast<int>(gpu::RingType::Gfx)];
}

gpu::RingType ring_type(uint32_t ip) {
  switch (ip) {
    case AMDGPU_HW_IP_GFX: return gpu::RingType::Gfx;
    case AMDGPU_HW_IP_COMPUTE: return gpu::RingType::Compute;
    default: return gpu::RingType::Sdma;
  }
}
}  // namespace

std::shared_ptr<Device> Device::create(const DeviceConfig& config) {
  std::shared_ptr<Device> d(new Device);
  d->personality_ = config.personality;
  d->index_ = config.index;
  const spec::Personality& p = *config.personality;
  // Address space for every buffer the managers can hold, plus CPU-domain buffers (also charged to GTT-sized
  // system memory by the kernel's accounting of pinned pages, bounded here by the same size).
  d->store_ = gpu::BackingStore::create(p.vram_size + 2 * p.gtt_size);
  d->next_mmap_offset_ = kMmapOffsetStart;
  for (uint32_t ip : {AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA}) {
    for (uint32_t r = 0; r < p.num_rings[ip]; ++r)
      d->rings_[ip].push_back(
          std::make_unique<Ring>(*d, ring_type(ip), ip, r, gpu::make_engine(p, ring_type(ip)), config.deterministic));
  }
  parse_lockup_timeout(config.lockup_timeout, d->timeout_ms_);
  if (!config.deterministic) d->watchdog_ = std::thread([dev = d.get()] { dev->watchdog(); });
  std::lock_guard lock(g_devices_mutex);
  live_devices().insert(d.get());
  return d;
}

Device::~Device() {
  {
    std::lock_guard lock(watchdog_mutex_);
    watchdog_stop_ = true;
  }
  watchdog_cv_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
  std::lock_guard lock(g_devices_mutex);
  live_devices().erase(this);
}

int64_t Device::lockup_timeout_ns(gpu::RingType type) const {
  int64_t ms = timeout_ms_[static_cast<int>(type)];
  return ms < 0 ? -1 : ms * 1000000;
}

// drm_sched's timeout handler, one thread for all rings of the device.
void Device::watchdog() {
  int64_t shortest = INT64_MAX;
  for (int64_t ms : timeout_ms_)
    if (ms >= 0) shortest = std::min(shortest, ms);
  const auto tick = std::chrono::milliseconds(std::clamp<int64_t>(shortest / 8, 1, 100));
  std::unique_lock lock(watchdog_mutex_);
  while (!watchdog_cv_.wait_for(lock, tick, [&] { return watchdog_stop_; })) {
    const int64_t now = monotonic_ns();
    for (auto& rings : rings_)
      for (auto& r : rings)
        if (int64_t since = r->overdue(now, lockup_timeout_ns(r->type()))) r->time_out(since);
  }
}

void Device::track_vram(const std::shared_ptr<gpu::Allocation>& a) {
  std::lock_guard lock(vram_mutex_);
  std::erase_if(vram_, [](const auto& w) { return w.expired(); });
  vram_.push_back(a);
}

void Device::gpu_recover(const std::string& ring, const Job& guilty) {
  std::lock_guard lock(recovery_mutex_);
  reset_locked("ring " + ring + " timeout", &guilty);
}

int Device::gpu_recover_unblamed() {
  std::lock_guard lock(recovery_mutex_);
  reset_locked("GPU reset requested", nullptr);
  return 0;  // the simulated reset always succeeds
}

void Device::count_soft_recovery() { gpu_reset_counter_++; }

void Device::reset_locked(const std::string& why, const Job* guilty) {
  gpu_reset_counter_++;
  // drm_sched_increase_karma: the job's context is guilty (hang_limit 0).
  if (guilty && guilty->ctx_guilty) guilty->ctx_guilty->store(true);
  reset_epoch_++;
  const bool loses_vram = faults_.vram_lost_on_reset(personality_->reset_loses_vram);
  // Counted before the rings stop, so that what they had on the hardware is cancelled rather than run again.
  if (loses_vram) vram_lost_counter_++;
  // drm_sched_stop on every ring; the hardware reset comes once no engine runs any more.
  for (auto& rings : rings_)
    for (auto& r : rings) r->stop_for_reset();
  for (auto& rings : rings_)
    for (auto& r : rings) r->wait_engine_stopped();
  if (loses_vram) {
    std::lock_guard lock(vram_mutex_);
    uint32_t seed = vram_lost_counter_.load();
    for (auto& w : vram_)
      if (auto a = w.lock()) a->scramble(seed++);
  }
  log_recovery(why + ": GPU reset (" + std::string(personality_->reset_method) + ")" +
               (loses_vram ? ", VRAM is lost" : ""));
}

void after_fork_child() {
  std::lock_guard lock(g_devices_mutex);
  for (Device* d : live_devices())
    for (auto& rings : d->rings_)
      for (auto& r : rings) r->restart_after_fork();
}

std::shared_ptr<File> Device::open(NodeType node, bool privileged) {
  auto f = std::make_shared<File>(shared_from_this(), node, privileged);
  if (node == NodeType::Primary) {
    // drm_master_open: the first opener of a primary node with no master becomes master (and is
    // authenticated); everyone else starts unauthenticated.
    std::lock_guard lock(auth_mutex);
    // drm_file_alloc: CAP_SYS_ADMIN openers start authenticated.
    f->authenticated = privileged;
    if (!master) {
      master = f.get();
      f->was_master = true;
      f->authenticated = true;
    }
  } else {
    f->authenticated = true;
  }
  return f;
}

void Device::file_closed(File* f) {
  {
    std::lock_guard lock(auth_mutex);
    if (master == f) master = nullptr;
    if (f->magic) magics.erase(f->magic);  // a token already used by AUTH_MAGIC no longer points at f
    std::erase_if(magics, [f](const auto& kv) { return kv.second == f; });
  }
  {
    std::lock_guard lock(vmid_mutex);
    if (reserved_vmid_owner == f) reserved_vmid_owner = nullptr;
  }
}

bool Device::charge(uint32_t domain, uint64_t size) {
  // amdgpu_bo_validate_size: the request must be strictly smaller than the manager; TTM then fails when
  // the manager is full.
  std::atomic<uint64_t>* used = nullptr;
  uint64_t limit = 0;
  switch (domain) {
    case AMDGPU_GEM_DOMAIN_VRAM: used = &used_vram_, limit = personality_->vram_size; break;
    case AMDGPU_GEM_DOMAIN_GTT: used = &used_gtt_, limit = personality_->gtt_size; break;
    default: used = &used_cpu_, limit = personality_->gtt_size; break;
  }
  uint64_t cur = used->load();
  do {
    if (cur + size > limit) return false;
  } while (!used->compare_exchange_weak(cur, cur + size));
  return true;
}

void Device::uncharge(uint32_t domain, uint64_t size) {
  switch (domain) {
    case AMDGPU_GEM_DOMAIN_VRAM: used_vram_ -= size; break;
    case AMDGPU_GEM_DOMAIN_GTT: used_gtt_ -= size; break;
    default: used_cpu_ -= size; break;
  }
}

uint64_t Device::usage(uint32_t domain) const {
  switch (domain) {
    case AMDGPU_GEM_DOMAIN_VRAM: return used_vram_.load();
    case AMDGPU_GEM_DOMAIN_GTT: return used_gtt_.load();
    default: return used_cpu_.load();
  }
}

uint64_t Device::visible_vram_usage() const {
  // Buffers are placed from the bottom of VRAM, the CPU-visible window first.
  return std::min(used_vram_.load(), personality_->visible_vram_size);
}

uint64_t Device::assign_mmap_offset(const std::shared_ptr<Bo>& bo) {
  std::lock_guard lock(mmap_mutex_);
  uint64_t offset = next_mmap_offset_;
  next_mmap_offset_ += bo->size;
  mmap_offsets_.emplace(offset, bo);
  return offset;
}

void Device::release_mmap_offset(uint64_t offset) {
  std::lock_guard lock(mmap_mutex_);
  mmap_offsets_.erase(offset);
}

std::shared_ptr<Bo> Device::bo_at_mmap_offset(uint64_t offset) {
  std::lock_guard lock(mmap_mutex_);
  auto it = mmap_offsets_.upper_bound(offset);
  if (it == mmap_offsets_.begin()) return nullptr;
  --it;
  auto bo = it->second.lock();
  if (!bo || offset >= it->first + bo->size) return nullptr;
  return bo;
}

uint64_t Device::gpu_timestamp() const {
  // The counter the engines' timestamps read (gfx_v9_0_get_gpu_clock_counter reads the same RLC counter).
  return gpu::gpu_clock_ticks(personality_->dev_info.gpu_counter_freq);
}

std::string Device::pci_slot_name() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0000:%02x:00.0", pci_bus());
  return buf;
}

Ring* Device::ring(uint32_t ip_type, uint32_t ring) {
  if (ip_type >= AMDGPU_HW_IP_NUM || ring >= rings_[ip_type].size()) return nullptr;
  return rings_[ip_type][ring].get();
}

void Device::report_hang(const std::string& ring, const gpu::ExecResult& result) {
  std::string line = "ring " + ring + ": " + gpu::exec_status_name(result.status);
  if (result.fault) line += ": " + result.fault->describe();
  if (!result.diagnostic.empty()) line += ": " + result.diagnostic;
  log_recovery(std::move(line));
}

void Device::log_recovery(std::string line) {
  line = "amdgpu: " + line;
  if (std::getenv("SPORKLE_LOG")) std::fprintf(stderr, "[sporkle] %s\n", line.c_str());
  std::lock_guard lock(log_mutex_);
  hang_log_.push_back(std::move(line));
}

std::vector<std::string> Device::hang_log() const {
  std::lock_guard lock(log_mutex_);
  return hang_log_;
}

}  // namespace sporkle::sim::kernel
