// Submission to one ring: command streams are uploaded to GPU memory the queue manages, submitted with their
// buffer list and dependencies (AMDGPU_CS), and come back as Fences.
#pragma once

#include <amdgpu_drm.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sporkle/buffer.h"
#include "sporkle/context.h"
#include "sporkle/fence.h"
#include "sporkle/pm4_stream.h"
#include "sporkle/sdma_stream.h"
#include "sporkle/syncobj.h"

namespace sporkle {

struct SubmitInfo {
  std::vector<const Buffer*> buffers;          // every buffer the job touches (the BO list)
  std::vector<Fence> wait_fences;              // jobs (any context, any ring) that must finish first
  std::vector<const Syncobj*> wait_syncobjs;   // syncobjs whose fences must signal first
  std::vector<const Syncobj*> signal_syncobjs; // get this job's fence
};

class Queue {
 public:
  // The ring-th ring of ip (ring < the device's IpInfo::rings).
  Queue(const Context& context, Ip ip, uint32_t ring = 0);
  ~Queue();
  Queue(Queue&&) noexcept;
  Queue& operator=(Queue&&) noexcept;

  Fence submit(std::span<const uint32_t> commands, const SubmitInfo& info = {});
  Fence submit(const Pm4Stream& stream, const SubmitInfo& info = {}) { return submit(stream.dwords(), info); }
  Fence submit(const SdmaStream& stream, const SubmitInfo& info = {}) { return submit(stream.dwords(), info); }
  // Submits size_dw dwords already in GPU memory at va; the buffer holding them must be in info.buffers.
  Fence submit_ib(uint64_t va, uint32_t size_dw, const SubmitInfo& info = {});

  // Waits for everything submitted so far (throws Error if a job failed).
  void wait_idle();

  Ip ip() const { return ip_; }
  uint32_t ring() const { return ring_; }
  const Fence& last_fence() const { return last_; }

 private:
  struct IbBlock;
  // Copies commands into an IB block no job still reads; returns the block holding them and their address.
  std::pair<IbBlock*, uint64_t> upload(std::span<const uint32_t> commands);
  Fence submit_chunks(uint64_t va, uint32_t size_dw, const Buffer* ib_buffer, const SubmitInfo& info);

  Context context_;
  Ip ip_;
  uint32_t ring_;
  std::vector<std::unique_ptr<IbBlock>> blocks_;
  size_t current_ = 0;
  Fence last_;
  // Scratch reused by every submission.
  std::vector<drm_amdgpu_bo_list_entry> bo_entries_;
  std::vector<drm_amdgpu_cs_chunk_sem> sems_in_, sems_out_;
  std::vector<Syncobj> fence_syncobjs_;
};

}  // namespace sporkle
