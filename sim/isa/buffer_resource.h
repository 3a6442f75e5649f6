// The buffer resource descriptor (V#) as gfx9 lays it out, and the MUBUF address computation including the
// swizzled (scratch) layout. pm4-isa.md §4.4-4.5.
#pragma once

#include <cstdint>

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
};

}  // namespace sporkle::sim::isa
