#include <string>

#include "sporkle/spec/decode.h"
#include "sporkle/spec/sdma.h"

namespace sporkle::spec::decode {

Packet decode_sdma(std::span<const uint32_t> stream, uint32_t at, uint32_t version) {
  Packet p;
  p.offset = at;
  p.kind = "SDMA";
  if (at >= stream.size()) {
    p.length = 0;
    p.kind = "END";
    p.error = "no dwords left";
    return p;
  }
  uint32_t h = stream[at];
  uint32_t left = static_cast<uint32_t>(stream.size()) - at;
  p.header = h;
  p.opcode = sdma::packet_op(h);
  p.sub_op = sdma::packet_sub_op(h);
  const sdma::PacketInfo* info = sdma::find_packet(static_cast<uint8_t>(p.opcode), static_cast<uint8_t>(p.sub_op),
                                                   version);
  if (!info) {
    // SDMA lengths are implied by the opcode: after an unknown one the stream cannot be followed reliably.
    p.name = "UNKNOWN";
    p.error = "unknown SDMA v" + std::to_string(version) + " opcode " + std::to_string(p.opcode) + " sub-opcode " +
              std::to_string(p.sub_op) + " (the engine hangs; what follows may be misaligned)";
    return p;
  }
  p.name = std::string(info->name);
  uint32_t want = info->dwords;
  if (p.opcode == sdma::NOP) want = 1 + sdma::nop::COUNT.get(h);
  if (p.opcode == sdma::WRITE && p.sub_op == sdma::subop::WRITE_LINEAR && left > 3)
    want = sdma::write_linear::kFirstData + sdma::write_linear::COUNT.get(stream[at + 3]) + 1;
  p.length = std::min(want, left);
  if (want > left) p.error = "needs " + std::to_string(want) + " dwords, the stream has " + std::to_string(left);
  std::span<const uint32_t> words = stream.subspan(at, p.length);
  std::span<const Field> fields = sdma::packet_fields(static_cast<uint8_t>(p.opcode), static_cast<uint8_t>(p.sub_op),
                                                      version);
  uint32_t last_field = 0;
  for (const Field& f : fields) {
    last_field = std::max<uint32_t>(last_field, f.dword);
    if (f.dword >= words.size()) continue;
    uint32_t v = f.get(words[f.dword]);
    std::string meaning;
    if (f.name == "FUNC") {
      static constexpr const char* kNames[] = {"always", "<", "<=", "==", "!=", ">=", ">", "reserved"};
      meaning = kNames[v & 7];
    }
    if (f.name == "RETRY_COUNT" && v == sdma::poll_regmem::kRetryForever) meaning = "forever";
    p.fields.push_back({f.name, f.dword, v, std::move(meaning)});
  }
  if (p.opcode == sdma::INDIRECT && words.size() >= 4) {
    namespace ib = sdma::indirect;
    uint64_t va = gpu_va((uint64_t{ib::IB_BASE_HI.in(words.data())} << 32) | ib::IB_BASE_LO.in(words.data()));
    p.ib = IbReference{va & ~(ib::kBaseAlignment - 1), ib::IB_SIZE.in(words.data()), false, false};
  }
  if (last_field + 1 < words.size()) p.payload.assign(words.begin() + last_field + 1, words.end());
  return p;
}

}  // namespace sporkle::spec::decode
