// Typed builder for SDMA packets (SDMA v4.0 on gfx9, v5.2 on gfx10.3), laid out with spec/'s field tables and
// checked against spec/'s packet table. Copies and fills longer than one packet's COUNT field are split.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "sporkle/device.h"
#include "sporkle/spec/pm4.h"

namespace sporkle {

class SdmaStream {
 public:
  // version_major: the DMA IP's major version (4 or 5), as HW_IP_INFO reports it.
  explicit SdmaStream(uint32_t version_major);
  explicit SdmaStream(const Device& device) : SdmaStream(device.info().ip(Ip::Dma).version_major) {}

  std::span<const uint32_t> dwords() const { return dw_; }
  size_t size_dw() const { return dw_.size(); }
  bool empty() const { return dw_.empty(); }
  void clear() { dw_.clear(); }
  uint32_t version_major() const { return version_; }

  // NOP followed by payload_dwords dwords that belong to it.
  SdmaStream& nop(uint32_t payload_dwords = 0);
  // One-dword NOPs until the size is a multiple of alignment_dw.
  SdmaStream& pad(uint32_t alignment_dw);
  // COPY_LINEAR of bytes, split at the version's per-packet limit.
  SdmaStream& copy_linear(uint64_t dst_va, uint64_t src_va, uint64_t bytes);
  // WRITE_LINEAR of data to va (dword aligned), split at the packet's data limit.
  SdmaStream& write_linear(uint64_t va, std::span<const uint32_t> data);
  SdmaStream& write_linear(uint64_t va, std::initializer_list<uint32_t> data) {
    return write_linear(va, std::span<const uint32_t>(data.begin(), data.size()));
  }
  // CONST_FILL of bytes (a multiple of 4, dword aligned) with a repeated dword.
  SdmaStream& const_fill(uint64_t va, uint32_t value, uint64_t bytes);
  // FENCE: writes value to va (dword aligned) once everything before it is done.
  SdmaStream& fence(uint64_t va, uint32_t value);
  // POLL_REGMEM on memory: until (*va & mask) function reference; retry_count spec::sdma::poll_regmem's
  // kRetryForever polls without limit.
  SdmaStream& poll_regmem(uint64_t va, uint32_t reference, uint32_t mask = 0xFFFFFFFF,
                          spec::pm4::CompareFunction function = spec::pm4::CompareFunction::Equal,
                          uint32_t interval = 10, uint32_t retry_count = 0xFFF);

 private:
  uint32_t* begin(uint8_t op, uint8_t sub_op, uint32_t dwords);

  uint32_t version_;
  std::vector<uint32_t> dw_;
};

}  // namespace sporkle
