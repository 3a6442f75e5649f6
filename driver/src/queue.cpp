#include "sporkle/queue.h"

#include <cstring>

#include "context_state.h"
#include "sporkle/error.h"

namespace sporkle {

namespace {
constexpr uint64_t kBlockSize = 64 * 1024;
constexpr uint64_t kIbAlignment = 256;  // above every engine's IB base alignment
}  // namespace

// A GTT buffer IBs are written into, and the last job that reads from it: jobs on one ring complete in order, so
// once that job is done the whole block is free.
struct Queue::IbBlock {
  Buffer buffer;
  uint8_t* cpu;
  uint64_t used = 0;
  Fence last;
};

Queue::Queue(const Context& context, Ip ip, uint32_t ring) : context_(context), ip_(ip), ring_(ring) {
  const DeviceInfo& info = context_.state()->dev->info;
  if (ring >= info.ip(ip).rings)
    throw Error(EINVAL, "Queue", "ring " + std::to_string(ring) + " of IP " +
                                     std::to_string(static_cast<uint32_t>(ip)) + ", which has " +
                                     std::to_string(info.ip(ip).rings));
}

Queue::~Queue() = default;
Queue::Queue(Queue&&) noexcept = default;
Queue& Queue::operator=(Queue&&) noexcept = default;

std::pair<Queue::IbBlock*, uint64_t> Queue::upload(std::span<const uint32_t> commands) {
  const uint64_t bytes = commands.size_bytes();
  auto fits = [&](const IbBlock& b) { return b.used + bytes <= b.buffer.size(); };
  if (blocks_.empty() || !fits(*blocks_[current_])) {
    size_t reuse = blocks_.size();
    for (size_t i = 0; i < blocks_.size() && reuse == blocks_.size(); ++i)
      if (i != current_ && blocks_[i]->buffer.size() >= bytes && blocks_[i]->last.status() != FenceStatus::Pending)
        reuse = i;
    if (reuse == blocks_.size()) {
      const uint64_t size = std::max(kBlockSize, (bytes + kBlockSize - 1) & ~(kBlockSize - 1));
      Buffer b = Buffer::allocate(Device(context_.state()->dev), size, Domain::Gtt);
      auto* cpu = static_cast<uint8_t*>(b.map());
      blocks_.push_back(std::make_unique<IbBlock>(IbBlock{std::move(b), cpu}));
    }
    current_ = reuse;
    blocks_[current_]->used = 0;
  }
  IbBlock& block = *blocks_[current_];
  const uint64_t offset = block.used;
  std::memcpy(block.cpu + offset, commands.data(), bytes);
  block.used = (offset + bytes + kIbAlignment - 1) & ~(kIbAlignment - 1);
  return {&block, block.buffer.gpu_address() + offset};
}

Fence Queue::submit(std::span<const uint32_t> commands, const SubmitInfo& info) {
  if (commands.empty()) throw Error(EINVAL, "Queue::submit", "empty command stream");
  auto [block, va] = upload(commands);
  Fence f = submit_chunks(va, static_cast<uint32_t>(commands.size()), &block->buffer, info);
  block->last = f;
  return f;
}

Fence Queue::submit_ib(uint64_t va, uint32_t size_dw, const SubmitInfo& info) {
  return submit_chunks(va, size_dw, nullptr, info);
}

Fence Queue::submit_chunks(uint64_t va, uint32_t size_dw, const Buffer* ib_buffer, const SubmitInfo& info) {
  detail::ContextState& ctx = *context_.state();
  detail::DeviceState& dev = *ctx.dev;

  bo_entries_.clear();
  for (const Buffer* b : info.buffers) bo_entries_.push_back({b->kms_handle(), 0});
  if (ib_buffer) bo_entries_.push_back({ib_buffer->kms_handle(), 0});

  // A fence of another job becomes a syncobj the kernel waits on (libdrm does not expose context ids, which a
  // DEPENDENCIES chunk would need).
  fence_syncobjs_.clear();
  for (const Fence& f : info.wait_fences)
    if (f.sequence()) fence_syncobjs_.push_back(f.to_syncobj());
  sems_in_.clear();
  for (const Syncobj* s : info.wait_syncobjs) sems_in_.push_back({s->handle()});
  for (const Syncobj& s : fence_syncobjs_) sems_in_.push_back({s.handle()});
  sems_out_.clear();
  for (const Syncobj* s : info.signal_syncobjs) sems_out_.push_back({s->handle()});

  drm_amdgpu_cs_chunk_ib ib{};
  ib.va_start = va;
  ib.ib_bytes = size_dw * 4;
  ib.ip_type = static_cast<uint32_t>(ip_);
  ib.ip_instance = 0;
  ib.ring = ring_;

  drm_amdgpu_bo_list_in bo_list{};
  bo_list.operation = ~0u;
  bo_list.list_handle = ~0u;
  bo_list.bo_number = static_cast<uint32_t>(bo_entries_.size());
  bo_list.bo_info_size = sizeof(drm_amdgpu_bo_list_entry);
  bo_list.bo_info_ptr = reinterpret_cast<uintptr_t>(bo_entries_.data());

  drm_amdgpu_cs_chunk chunks[4];
  int n = 0;
  chunks[n++] = {AMDGPU_CHUNK_ID_IB, sizeof(ib) / 4, reinterpret_cast<uintptr_t>(&ib)};
  if (!bo_entries_.empty())
    chunks[n++] = {AMDGPU_CHUNK_ID_BO_HANDLES, sizeof(bo_list) / 4, reinterpret_cast<uintptr_t>(&bo_list)};
  if (!sems_in_.empty())
    chunks[n++] = {AMDGPU_CHUNK_ID_SYNCOBJ_IN,
                   static_cast<uint32_t>(sems_in_.size() * sizeof(drm_amdgpu_cs_chunk_sem) / 4),
                   reinterpret_cast<uintptr_t>(sems_in_.data())};
  if (!sems_out_.empty())
    chunks[n++] = {AMDGPU_CHUNK_ID_SYNCOBJ_OUT,
                   static_cast<uint32_t>(sems_out_.size() * sizeof(drm_amdgpu_cs_chunk_sem) / 4),
                   reinterpret_cast<uintptr_t>(sems_out_.data())};

  uint64_t seq = 0;
  retry([&] { return dev.api->cs_submit_raw2(dev.dev, ctx.ctx, 0, n, chunks, &seq); }, "amdgpu_cs_submit_raw2");
  fence_syncobjs_.clear();
  last_ = Fence(context_.state(), ib.ip_type, 0, ring_, seq);
  return last_;
}

void Queue::wait_idle() { last_.wait(); }

}  // namespace sporkle
