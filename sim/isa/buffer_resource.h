// The buffer resource descriptor (V#) as gfx9 and gfx10.3 lay it out, and the MUBUF address computation including
// the swizzled (scratch) layout. pm4-isa.md §4.4-4.5.
#pragma once

#include <cstdint>

#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::isa {

struct BufferResource {
  uint64_t base = 0;
  uint32_t stride = 0;
  uint32_t num_records = 0;
  bool swizzle = false;
  uint8_t dst_sel[4] = {4, 5, 6, 7};
  uint8_t num_format = 0;
  uint8_t data_format = 0;
  uint32_t element_size = 4;   // swizzle element: 2 << ELEMENT_SIZE bytes
  uint32_t index_stride = 64;  // swizzle lanes: 8 << INDEX_STRIDE
  bool add_tid = false;
  // gfx10 OOB_SELECT (spec::isa::gfx10::vsharp); gfx9 checks index for strided buffers and offset otherwise.
  static constexpr uint8_t kOobGfx9 = 0xFF;
  uint8_t oob_select = kOobGfx9;

  static BufferResource from(const uint32_t* d) {
    BufferResource r;
    r.base = d[0] | uint64_t(d[1] & 0xFFFF) << 32;
    r.stride = (d[1] >> 16) & 0x3FFF;
    r.swizzle = (d[1] >> 31) & 1;
    r.num_records = d[2];
    for (int i = 0; i < 4; ++i) r.dst_sel[i] = (d[3] >> (3 * i)) & 7;
    r.num_format = (d[3] >> 12) & 7;
    r.data_format = (d[3] >> 15) & 0xF;
    r.element_size = 2u << ((d[3] >> 19) & 3);
    r.index_stride = 8u << ((d[3] >> 21) & 3);
    r.add_tid = (d[3] >> 23) & 1;
    return r;
  }

  // gfx10: unified FORMAT (mapped to the gfx9 data/number format pair for the formats the simulator converts),
  // 4-byte swizzle elements, OOB_SELECT.
  static BufferResource from_gfx10(const uint32_t* d) {
    namespace v = spec::isa::gfx10::vsharp;
    BufferResource r;
    r.base = d[0] | uint64_t(v::BASE_HI.get(d[1])) << 32;
    r.stride = v::STRIDE.get(d[1]);
    r.swizzle = v::SWIZZLE_ENABLE.get(d[1]);
    r.num_records = d[2];
    for (int i = 0; i < 4; ++i) r.dst_sel[i] = (d[3] >> (3 * i)) & 7;
    uint32_t dfmt_nfmt = gfx9_format(v::FORMAT.get(d[3]));
    r.data_format = dfmt_nfmt & 0xF;
    r.num_format = dfmt_nfmt >> 4;
    r.element_size = 4;
    r.index_stride = 8u << v::INDEX_STRIDE.get(d[3]);
    r.add_tid = v::ADD_TID_ENABLE.get(d[3]);
    r.oob_select = uint8_t(v::OOB_SELECT.get(d[3]));
    return r;
  }

  static BufferResource from(const uint32_t* d, spec::GfxLevel gfx) {
    return gfx == spec::GfxLevel::Gfx9 ? from(d) : from_gfx10(d);
  }

  // gfx10 unified buffer format -> gfx9 DATA_FORMAT | NUM_FORMAT << 4 for the 32-bit-component formats; 0 (the
  // invalid data format) for the rest.
  static constexpr uint32_t gfx9_format(uint32_t unified) {
    namespace f = spec::isa::gfx10::buffer_format;
    constexpr uint32_t kUint = 4, kSint = 5, kFloat = 7;
    switch (unified) {
      case f::FMT_32_UINT: return 4 | kUint << 4;
      case f::FMT_32_SINT: return 4 | kSint << 4;
      case f::FMT_32_FLOAT: return 4 | kFloat << 4;
      case f::FMT_32_32_UINT: return 11 | kUint << 4;
      case f::FMT_32_32_SINT: return 11 | kSint << 4;
      case f::FMT_32_32_FLOAT: return 11 | kFloat << 4;
      case f::FMT_32_32_32_UINT: return 13 | kUint << 4;
      case f::FMT_32_32_32_SINT: return 13 | kSint << 4;
      case f::FMT_32_32_32_FLOAT: return 13 | kFloat << 4;
      case f::FMT_32_32_32_32_UINT: return 14 | kUint << 4;
      case f::FMT_32_32_32_32_SINT: return 14 | kSint << 4;
      case f::FMT_32_32_32_32_FLOAT: return 14 | kFloat << 4;
      default: return 0;
    }
  }

  // Whether an access of `bytes` at (index, offset) is inside the buffer; swizzled_offset is the byte offset from
  // the base the swizzled layout gives (gfx10 raw check of a swizzled buffer).
  bool in_range(uint32_t index, uint32_t offset, uint32_t bytes, uint64_t swizzled_offset) const {
    namespace v = spec::isa::gfx10::vsharp;
    switch (oob_select) {
      case kOobGfx9: return stride == 0 ? uint64_t(offset) + bytes <= num_records : index < num_records;
      case v::OOB_STRUCTURED_WITH_OFFSET: return index < num_records && offset < stride;
      case v::OOB_STRUCTURED: return index < num_records;
      case v::OOB_DISABLED: return num_records != 0;
      default:
        return (swizzle ? swizzled_offset : uint64_t(index) * stride + offset) < num_records;
    }
  }
};

}  // namespace sporkle::sim::isa
