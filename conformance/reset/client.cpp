#include "conformance/reset/client.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "conformance/framework/cs.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {

void Client::open(const std::string& render_node) {
  fd_ = ::open(render_node.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd_, 0) << "open(" << render_node << "): " << strerror(errno);
}

void Client::close() {
  for (auto& [p, len] : maps_) munmap(p, len);
  maps_.clear();
  if (fd_ >= 0) ::close(fd_);  // frees every handle, context and mapping of the file
  fd_ = -1;
}

void Client::buffer(Buffer& bo, uint64_t size) {
  bo.size = size;
  ASSERT_EQ(gem_create(fd_, size, AMDGPU_GEM_DOMAIN_GTT, 0, &bo.handle), 0);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd_, bo.handle, &offset), 0);
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, static_cast<off_t>(offset));
  ASSERT_NE(p, MAP_FAILED) << strerror(errno);
  maps_.emplace_back(p, size);
  bo.cpu = p;
  std::memset(p, 0, size);
  bo.va = va_;
  va_ += (size + (2 << 20) - 1) / (2 << 20) * (2 << 20) + (2 << 20);
  ASSERT_EQ(gem_va(fd_, AMDGPU_VA_OP_MAP, bo.handle, bo.va, 0, size), 0);
}

void Client::ib(Buffer& ib, uint32_t ip, std::span<const uint32_t> packets) {
  const uint32_t nop = ip == AMDGPU_HW_IP_DMA ? kSdmaNop : kPm4Nop;
  std::vector<uint32_t> words(packets.begin(), packets.end());
  do words.push_back(nop);
  while (words.size() % 8 != 0);
  ASSERT_NO_FATAL_FAILURE(buffer(ib, 4096));
  ASSERT_LE(words.size() * 4, ib.size);
  std::memcpy(ib.cpu, words.data(), words.size() * 4);
  ib.ib_bytes = static_cast<uint32_t>(words.size() * 4);
}

void Client::ctx(uint32_t* id) { ASSERT_EQ(ctx_alloc(fd_, id), 0); }

int Client::submit(uint32_t ctx, uint32_t ip, uint32_t ring, const Buffer& ib, std::vector<uint32_t> bos,
                   uint64_t* seq) {
  CsRequest request;
  bos.push_back(ib.handle);
  request.ib(ip, ring, ib.va, ib.ib_bytes).bo_handles(bos);
  return request.submit(fd_, ctx, seq);
}

uint64_t Client::query_state2(uint32_t ctx) {
  drm_amdgpu_ctx_out out{};
  EXPECT_EQ(ctx_op(fd_, AMDGPU_CTX_OP_QUERY_STATE2, ctx, 0, &out), 0);
  return out.state.flags;
}

}  // namespace sporkle::conformance
