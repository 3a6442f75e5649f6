// Builds an AMDGPU_CS request: chunk structs, their data, and the array of chunk pointers it points at.
// The builder owns all storage, so a request stays valid until the builder goes away.
#pragma once

#include <amdgpu_drm.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace sporkle::conformance {

class CsRequest {
 public:
  CsRequest& ib(uint32_t ip, uint32_t ring, uint64_t va, uint32_t bytes, uint32_t ip_instance = 0,
                uint32_t flags = 0);
  CsRequest& bo_handles(const std::vector<uint32_t>& handles);
  CsRequest& user_fence(uint32_t handle, uint32_t offset);
  CsRequest& syncobj_in(const std::vector<uint32_t>& handles);
  CsRequest& syncobj_out(const std::vector<uint32_t>& handles);
  CsRequest& timeline_wait(uint32_t handle, uint64_t point, uint32_t flags = 0);
  CsRequest& timeline_signal(uint32_t handle, uint64_t point);
  CsRequest& dependency(uint32_t chunk_id, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq);
  // Any chunk, with its data given as raw bytes (length_dw is sent as given).
  CsRequest& raw(uint32_t chunk_id, uint32_t length_dw, const void* data, size_t bytes);
  // A chunk whose chunk_data is an arbitrary (possibly bad) user address.
  CsRequest& raw_pointer(uint32_t chunk_id, uint32_t length_dw, uint64_t chunk_data);

  // Submits; returns 0 or errno. *seq gets out.handle on success.
  int submit(int fd, uint32_t ctx, uint64_t* seq = nullptr, uint32_t bo_list_handle = 0);

  // The union as it would be sent, for tests that corrupt one field.
  drm_amdgpu_cs prepare(uint32_t ctx, uint32_t bo_list_handle = 0);

 private:
  std::deque<std::vector<uint8_t>> data_;
  std::deque<drm_amdgpu_cs_chunk> chunks_;
  std::vector<uint64_t> pointers_;
  std::deque<std::vector<drm_amdgpu_bo_list_entry>> entries_;
};

}  // namespace sporkle::conformance
