#include "conformance/framework/cs.h"

#include <cstring>

#include "conformance/framework/uapi.h"

namespace sporkle::conformance {

CsRequest& CsRequest::raw(uint32_t chunk_id, uint32_t length_dw, const void* data, size_t bytes) {
  auto& blob = data_.emplace_back(bytes);
  if (bytes) std::memcpy(blob.data(), data, bytes);
  return raw_pointer(chunk_id, length_dw, ptr(blob.data()));
}

CsRequest& CsRequest::raw_pointer(uint32_t chunk_id, uint32_t length_dw, uint64_t chunk_data) {
  chunks_.push_back(drm_amdgpu_cs_chunk{chunk_id, length_dw, chunk_data});
  return *this;
}

CsRequest& CsRequest::ib(uint32_t ip, uint32_t ring, uint64_t va, uint32_t bytes, uint32_t ip_instance,
                         uint32_t flags) {
  drm_amdgpu_cs_chunk_ib ib{};
  ib.flags = flags;
  ib.va_start = va;
  ib.ib_bytes = bytes;
  ib.ip_type = ip;
  ib.ip_instance = ip_instance;
  ib.ring = ring;
  return raw(AMDGPU_CHUNK_ID_IB, sizeof(ib) / 4, &ib, sizeof(ib));
}

CsRequest& CsRequest::bo_handles(const std::vector<uint32_t>& handles) {
  auto& entries = entries_.emplace_back();
  for (uint32_t h : handles) entries.push_back({h, 0});
  drm_amdgpu_bo_list_in in{};
  in.operation = ~0u;
  in.list_handle = ~0u;
  in.bo_number = static_cast<uint32_t>(entries.size());
  in.bo_info_size = sizeof(drm_amdgpu_bo_list_entry);
  in.bo_info_ptr = ptr(entries.data());
  return raw(AMDGPU_CHUNK_ID_BO_HANDLES, sizeof(in) / 4, &in, sizeof(in));
}

CsRequest& CsRequest::user_fence(uint32_t handle, uint32_t offset) {
  drm_amdgpu_cs_chunk_fence f{handle, offset};
  return raw(AMDGPU_CHUNK_ID_FENCE, sizeof(f) / 4, &f, sizeof(f));
}

CsRequest& CsRequest::syncobj_in(const std::vector<uint32_t>& handles) {
  std::vector<drm_amdgpu_cs_chunk_sem> sems;
  for (uint32_t h : handles) sems.push_back({h});
  return raw(AMDGPU_CHUNK_ID_SYNCOBJ_IN, static_cast<uint32_t>(sems.size()), sems.data(), sems.size() * 4);
}

CsRequest& CsRequest::syncobj_out(const std::vector<uint32_t>& handles) {
  std::vector<drm_amdgpu_cs_chunk_sem> sems;
  for (uint32_t h : handles) sems.push_back({h});
  return raw(AMDGPU_CHUNK_ID_SYNCOBJ_OUT, static_cast<uint32_t>(sems.size()), sems.data(), sems.size() * 4);
}

CsRequest& CsRequest::timeline_wait(uint32_t handle, uint64_t point, uint32_t flags) {
  drm_amdgpu_cs_chunk_syncobj s{handle, flags, point};
  return raw(AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT, sizeof(s) / 4, &s, sizeof(s));
}

CsRequest& CsRequest::timeline_signal(uint32_t handle, uint64_t point) {
  drm_amdgpu_cs_chunk_syncobj s{handle, 0, point};
  return raw(AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL, sizeof(s) / 4, &s, sizeof(s));
}

CsRequest& CsRequest::dependency(uint32_t chunk_id, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq) {
  drm_amdgpu_cs_chunk_dep dep{};
  dep.ip_type = ip;
  dep.ring = ring;
  dep.ctx_id = ctx;
  dep.handle = seq;
  return raw(chunk_id, sizeof(dep) / 4, &dep, sizeof(dep));
}

drm_amdgpu_cs CsRequest::prepare(uint32_t ctx, uint32_t bo_list_handle) {
  pointers_.clear();
  for (auto& c : chunks_) pointers_.push_back(ptr(&c));
  drm_amdgpu_cs cs{};
  cs.in.ctx_id = ctx;
  cs.in.bo_list_handle = bo_list_handle;
  cs.in.num_chunks = static_cast<uint32_t>(pointers_.size());
  cs.in.chunks = ptr(pointers_.data());
  return cs;
}

int CsRequest::submit(int fd, uint32_t ctx, uint64_t* seq, uint32_t bo_list_handle) {
  drm_amdgpu_cs cs = prepare(ctx, bo_list_handle);
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs);
  if (err == 0 && seq) *seq = cs.out.handle;
  return err;
}

}  // namespace sporkle::conformance
