#include "sporkle/sdma_stream.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sporkle/error.h"
#include "sporkle/spec/sdma.h"

namespace sporkle {

namespace sdma = spec::sdma;
using spec::Field;

namespace {

void put(uint32_t* p, const Field& f, uint32_t value) { p[f.dword] |= f.put(value); }
void put_addr(uint32_t* p, const Field& lo, const Field& hi, uint64_t va) {
  put(p, lo, static_cast<uint32_t>(va));
  put(p, hi, static_cast<uint32_t>(va >> 32));
}
constexpr uint64_t field_max(const Field& f) { return f.mask() >> f.shift; }

void require_dword_aligned(uint64_t v, const char* what) {
  if (v & 3) throw Error(EINVAL, what, "not dword aligned");
}

}  // namespace

SdmaStream::SdmaStream(uint32_t version_major) : version_(version_major) {
  if (!sdma::find_packet(sdma::NOP, 0, version_major) || version_major < 4)
    throw NotSupported("SdmaStream", "no SDMA tables for version " + std::to_string(version_major));
}

uint32_t* SdmaStream::begin(uint8_t op, uint8_t sub_op, uint32_t dwords) {
  const sdma::PacketInfo* info = sdma::find_packet(op, sub_op, version_);
  if (!info || dwords < info->dwords)
    throw std::logic_error("SdmaStream: malformed packet " + std::to_string(op) + "/" + std::to_string(sub_op));
  const size_t at = dw_.size();
  dw_.resize(at + dwords, 0);
  dw_[at] = sdma::header(op, sub_op);
  return &dw_[at];
}

SdmaStream& SdmaStream::nop(uint32_t payload_dwords) {
  if (payload_dwords > field_max(sdma::nop::COUNT)) throw Error(EINVAL, "SdmaStream::nop", "payload too long");
  uint32_t* p = begin(sdma::NOP, 0, 1 + payload_dwords);
  put(p, sdma::nop::COUNT, payload_dwords);
  return *this;
}

SdmaStream& SdmaStream::pad(uint32_t alignment_dw) {
  while (alignment_dw > 1 && dw_.size() % alignment_dw) begin(sdma::NOP, 0, 1);
  return *this;
}

SdmaStream& SdmaStream::copy_linear(uint64_t dst_va, uint64_t src_va, uint64_t bytes) {
  namespace cl = sdma::copy_linear;
  const Field& count = cl::count(version_);
  // The largest 256-byte multiple one packet moves (COUNT is bytes - 1), so later chunks stay aligned.
  const uint64_t chunk = (field_max(count) + 1) & ~uint64_t{0xFF};
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t n = std::min(bytes - done, chunk);
    uint32_t* p = begin(sdma::COPY, sdma::subop::COPY_LINEAR, 7);
    put(p, count, static_cast<uint32_t>(n - 1));
    put_addr(p, cl::SRC_ADDR_LO, cl::SRC_ADDR_HI, src_va + done);
    put_addr(p, cl::DST_ADDR_LO, cl::DST_ADDR_HI, dst_va + done);
    done += n;
  }
  return *this;
}

SdmaStream& SdmaStream::write_linear(uint64_t va, std::span<const uint32_t> data) {
  namespace wl = sdma::write_linear;
  require_dword_aligned(va, "SdmaStream::write_linear");
  const size_t max = field_max(wl::COUNT) + 1;
  while (!data.empty()) {
    const size_t n = std::min(data.size(), max);
    uint32_t* p = begin(sdma::WRITE, sdma::subop::WRITE_LINEAR, static_cast<uint32_t>(wl::kFirstData + n));
    put_addr(p, wl::DST_ADDR_LO, wl::DST_ADDR_HI, va);
    put(p, wl::COUNT, static_cast<uint32_t>(n - 1));
    std::copy(data.begin(), data.begin() + n, p + wl::kFirstData);
    data = data.subspan(n);
    va += n * 4;
  }
  return *this;
}

SdmaStream& SdmaStream::const_fill(uint64_t va, uint32_t value, uint64_t bytes) {
  namespace cf = sdma::const_fill;
  require_dword_aligned(va, "SdmaStream::const_fill");
  require_dword_aligned(bytes, "SdmaStream::const_fill");
  const uint64_t chunk = (field_max(cf::COUNT) + 1) & ~uint64_t{0xFF};
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t n = std::min(bytes - done, chunk);
    uint32_t* p = begin(sdma::CONST_FILL, 0, 5);
    put(p, cf::FILLSIZE, cf::kDword);
    put_addr(p, cf::DST_ADDR_LO, cf::DST_ADDR_HI, va + done);
    put(p, cf::DATA, value);
    put(p, cf::COUNT, static_cast<uint32_t>(n - 1));
    done += n;
  }
  return *this;
}

SdmaStream& SdmaStream::fence(uint64_t va, uint32_t value) {
  namespace f = sdma::fence;
  require_dword_aligned(va, "SdmaStream::fence");
  uint32_t* p = begin(sdma::FENCE, 0, 4);
  put_addr(p, f::ADDR_LO, f::ADDR_HI, va);
  put(p, f::DATA, value);
  return *this;
}

SdmaStream& SdmaStream::poll_regmem(uint64_t va, uint32_t reference, uint32_t mask,
                                    spec::pm4::CompareFunction function, uint32_t interval, uint32_t retry_count) {
  namespace pr = sdma::poll_regmem;
  require_dword_aligned(va, "SdmaStream::poll_regmem");
  uint32_t* p = begin(sdma::POLL_REGMEM, sdma::subop::POLL_REGMEM, 6);
  put(p, pr::FUNC, static_cast<uint32_t>(function));
  put(p, pr::MEM_POLL, 1);
  put_addr(p, pr::ADDR_LO, pr::ADDR_HI, va);
  put(p, pr::VALUE, reference);
  put(p, pr::MASK, mask);
  put(p, pr::INTERVAL, interval);
  put(p, pr::RETRY_COUNT, retry_count);
  return *this;
}

}  // namespace sporkle
