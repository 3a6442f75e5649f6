#include "sporkle/spec/sdma.h"

namespace sporkle::spec::sdma {

const PacketInfo* find_packet(uint8_t op, uint8_t sub_op, uint32_t version_major) {
  for (const PacketInfo& p : kPackets)
    if (p.op == op && p.sub_op == sub_op && (p.versions & version_bit(version_major))) return &p;
  return nullptr;
}

std::span<const Field> packet_fields(uint8_t op, uint8_t sub_op, uint32_t version_major) {
  const PacketInfo* info = find_packet(op, sub_op, version_major);
  if (!info) return {};
  switch (op) {
    case NOP: return nop::kFields;
    case COPY:
      if (sub_op != subop::COPY_LINEAR) return {};
      return version_major >= 5 ? std::span<const Field>(copy_linear::kFieldsV5)
                                : std::span<const Field>(copy_linear::kFieldsV4);
    case WRITE: return sub_op == subop::WRITE_LINEAR ? std::span<const Field>(write_linear::kFields) : std::span<const Field>();
    case INDIRECT: return indirect::kFields;
    case FENCE: return fence::kFields;
    case TRAP: return trap::kFields;
    case SEM: return sem::kFields;
    case POLL_REGMEM: return sub_op == subop::POLL_REGMEM ? std::span<const Field>(poll_regmem::kFields) : std::span<const Field>();
    case COND_EXE: return cond_exe::kFields;
    case ATOMIC: return atomic::kFields;
    case CONST_FILL: return sub_op == 0 ? std::span<const Field>(const_fill::kFields) : std::span<const Field>();
    case PTEPDE: return sub_op == subop::PTEPDE_GEN ? std::span<const Field>(ptepde_gen::kFields) : std::span<const Field>();
    case TIMESTAMP:
      return sub_op == subop::TIMESTAMP_SET ? std::span<const Field>(timestamp::kFieldsSet)
                                            : std::span<const Field>(timestamp::kFieldsGet);
    case SRBM_WRITE: return srbm_write::kFields;
    case PRE_EXE: return pre_exe::kFields;
    case GCR_REQ: return gcr_req::kFields;
    default: return {};
  }
}

}  // namespace sporkle::spec::sdma
