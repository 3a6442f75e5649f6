// SDMA COPY_LINEAR. Drivers split a large copy into packets under the byte-count limit (2 MiB - 1 on v4), each
// continuing the last; one host copy per packet would keep every copy under the size from which the host's
// memcpy streams past the caches, so a run of such packets is done as one copy when that cannot change what any
// of them does.
#include <algorithm>

#include "sim/gpu/sdma/sdma_engine.h"

namespace sporkle::sim::gpu {

namespace sdma = spec::sdma;
namespace cl = sdma::copy_linear;

namespace {
bool overlap(const uint8_t* a, uint64_t an, const uint8_t* b, uint64_t bn) { return a < b + bn && b < a + an; }
}  // namespace

uint32_t SdmaEngine::copy(const uint32_t* p) {
  if (cl::BROADCAST.in(p)) return illegal("SDMA COPY_LINEAR broadcast is not modelled");
  uint64_t bytes = uint64_t{cl::count(version_).in(p)} + 1;
  const uint64_t src = sdma_address(p, cl::SRC_ADDR_LO, cl::SRC_ADDR_HI);
  const uint64_t dst = sdma_address(p, cl::DST_ADDR_LO, cl::DST_ADDR_HI);
  const uint32_t more = trace_ ? 0 : coalesce(p, src, dst, bytes);
  if (auto f = env_->vm.copy(dst, src, bytes, Unit::Sdma)) return vm_fault(*f);
  return 7 + more;
}

// The packets joined must: be fetched, have the same header and swap controls, continue both addresses, and take
// their budget unit each. The whole run must lie in device memory that permits the accesses (so no packet of it
// can fault), source and destination must not overlap (packet-by-packet order would then matter), and the
// destination must not overwrite the packets being read ahead.
uint32_t SdmaEngine::coalesce(const uint32_t* p, uint64_t src, uint64_t dst, uint64_t& bytes) {
  uint32_t more = 0;
  for (;;) {
    const uint32_t at = packet_at_ + 7 + more;
    if (uint64_t{at} + 7 > ib_.available) break;
    const uint32_t* q = ib_.dw + at;
    if (q[0] != p[0] || q[2] != p[2]) break;
    if (sdma_address(q, cl::SRC_ADDR_LO, cl::SRC_ADDR_HI) != src + bytes ||
        sdma_address(q, cl::DST_ADDR_LO, cl::DST_ADDR_HI) != dst + bytes)
      break;
    const uint64_t total = bytes + uint64_t{cl::count(version_).in(q)} + 1;
    const uint8_t* s = env_->vm.direct(src, total, kRead);
    const uint8_t* d = env_->vm.direct(dst, total, kWrite);
    if (!s || !d || overlap(s, total, d, total)) break;
    const auto* packets = reinterpret_cast<const uint8_t*>(p);
    if (overlap(d, total, packets, (7u + more + 7u) * 4u)) break;
    if (!take_budget(*env_)) break;  // the engine stops at that packet, as it would have alone
    bytes = total;
    more += 7;
  }
  return more;
}

}  // namespace sporkle::sim::gpu
