#include "sporkle/spec/sdma.h"

namespace sporkle::spec::sdma {

const PacketInfo* find_packet(uint8_t op, uint8_t sub_op, uint32_t version_major) {
  for (const PacketInfo& p : kPackets)
    if (p.op == op && p.sub_op == sub_op && (p.versions & version_bit(version_major))) return &p;
  return nullptr;
}

}  // namespace sporkle::spec::sdma
