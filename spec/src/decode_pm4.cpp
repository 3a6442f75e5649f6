#include <cstdio>

#include "sporkle/spec/decode.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::spec::decode {

namespace {

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

std::string_view gen_name(GfxLevel level) { return level == GfxLevel::Gfx9 ? "gfx9" : "gfx10.3"; }

std::string register_name(uint32_t offset, GfxLevel level) {
  if (const reg::Register* r = reg::find_register(offset, level)) return std::string(r->name);
  return {};
}

void add_register(Packet& p, uint32_t offset, uint32_t value, GfxLevel level) {
  const reg::Register* r = reg::find_register(offset, level);
  p.registers.push_back({offset, value, r ? r->name : std::string_view()});
}

std::string_view compare_name(uint32_t f) {
  static constexpr std::string_view kNames[] = {"always", "<", "<=", "==", "!=", ">=", ">", "reserved"};
  return kNames[f & 7];
}

// What a field's value means, where the tables can say.
std::string meaning(const Packet& p, const Field& f, uint32_t value, std::span<const uint32_t> body,
                    GfxLevel level) {
  if (f.name == "EVENT_TYPE") {
    for (const pm4::EventType& e : pm4::kEventTypes)
      if (e.value == value) return std::string(e.name);
    return {};
  }
  if (f.name == "FUNCTION") return std::string(compare_name(value));
  auto d1 = [&](const Field& g) { return g.in(body.data()); };
  switch (p.opcode) {
    case pm4::WAIT_REG_MEM:
      if (f.name == "POLL_ADDR_LO" && d1(pm4::wait_reg_mem::MEM_SPACE) == pm4::wait_reg_mem::kRegister)
        return register_name(body[2] & 0x3FFFF, level);
      if (f.name == "POLL_ADDR_HI" && d1(pm4::wait_reg_mem::OPERATION) == pm4::wait_reg_mem::kWriteThenWait)
        return register_name(body[3] & 0x3FFFF, level);
      break;
    case pm4::COPY_DATA:
      if (f.name == "SRC_ADDR_LO" && d1(pm4::copy_data::SRC_SEL) == pm4::copy_data::kSrcRegister)
        return register_name(value & 0x3FFFF, level);
      if (f.name == "DST_ADDR_LO" && d1(pm4::copy_data::DST_SEL) == pm4::copy_data::kDstRegister)
        return register_name(value & 0x3FFFF, level);
      break;
    default: break;
  }
  return {};
}

void decode_fields(Packet& p, std::span<const uint32_t> words, std::span<const Field> fields, GfxLevel level) {
  for (const Field& f : fields) {
    if (f.dword >= words.size()) continue;  // a short body, already reported
    uint32_t v = f.get(words[f.dword]);
    p.fields.push_back({f.name, f.dword, v, meaning(p, f, v, words, level)});
  }
}

// NOP bodies may carry umr's comment packets: tag, length, type, then (type 7) an ASCII string.
void decode_comment(Packet& p, std::span<const uint32_t> words) {
  if (words.size() < 4 || words[1] != pm4::nop::kCommentTag || words[3] != 7) return;
  for (size_t i = 4; i < words.size(); ++i)
    for (int b = 0; b < 4; ++b) {
      char c = static_cast<char>(words[i] >> (8 * b));
      if (c == 0) return;
      p.comment.push_back(c >= 0x20 && c < 0x7F ? c : '.');
    }
}

void decode_registers(Packet& p, std::span<const uint32_t> words, GfxLevel level) {
  const reg::RegisterSpace* space = nullptr;
  for (const reg::RegisterSpace& s : reg::kSpaces)
    if (s.set_opcode == p.opcode || (p.opcode == pm4::SET_SH_REG_INDEX && s.set_opcode == pm4::SET_SH_REG) ||
        (p.opcode == pm4::SET_UCONFIG_REG_INDEX && s.set_opcode == pm4::SET_UCONFIG_REG))
      space = &s;
  if (!space || words.size() < 2) return;
  uint32_t first = space->start + pm4::set_reg::REG_OFFSET.in(words.data());
  for (size_t i = pm4::set_reg::kFirstValue; i < words.size(); ++i) {
    uint32_t offset = first + static_cast<uint32_t>(i - pm4::set_reg::kFirstValue);
    add_register(p, offset, words[i], level);
    if (!space->contains(offset) && p.error.empty())
      p.error = "register " + hex(offset) + " lies outside the " + std::string(space->name) + " space";
  }
}

void decode_type3(Packet& p, std::span<const uint32_t> words, GfxLevel level, QueueMask queue) {
  const pm4::PacketInfo* info = pm4::find_packet(static_cast<uint8_t>(p.opcode));
  if (!info) {
    p.name = "UNKNOWN";
    p.error = "opcode " + hex(p.opcode) + " is not defined (illegal on every CP)";
    p.payload.assign(words.begin() + 1, words.end());
    return;
  }
  p.name = std::string(info->name);
  uint32_t body = static_cast<uint32_t>(words.size()) - 1;
  uint16_t min_body = info->min_body(level);
  if (p.opcode == pm4::DISPATCH_INDIRECT && queue == kComputeQueue) min_body = pm4::dispatch_indirect::kComputeBody;
  if (!info->valid_on(level))
    p.error = std::string(info->name) + " is not a " + std::string(gen_name(level)) + " packet";
  else if (!(info->queues & queue))
    p.error = std::string(info->name) + " is not accepted on a " + (queue == kGfxQueue ? "GFX" : "compute") + " queue";
  else if (body < min_body)
    p.error = std::string(info->name) + " needs a " + std::to_string(min_body) + "-dword body, has " +
              std::to_string(body);
  std::span<const Field> fields = pm4::packet_fields(static_cast<uint8_t>(p.opcode), level, queue);
  decode_fields(p, words, fields, level);
  uint32_t last_field = 0;
  for (const Field& f : fields) last_field = std::max<uint32_t>(last_field, f.dword);
  switch (p.opcode) {
    case pm4::NOP:
      decode_comment(p, words);
      p.payload.assign(words.begin() + 1, words.end());
      return;
    case pm4::SET_CONFIG_REG:
    case pm4::SET_CONTEXT_REG:
    case pm4::SET_SH_REG:
    case pm4::SET_SH_REG_INDEX:
    case pm4::SET_UCONFIG_REG:
    case pm4::SET_UCONFIG_REG_INDEX: decode_registers(p, words, level); return;
    case pm4::WRITE_DATA:
      if (words.size() > pm4::write_data::kFirstValue &&
          pm4::write_data::DST_SEL.in(words.data()) == pm4::write_data::kRegister) {
        uint32_t reg0 = pm4::write_data::DST_REG.in(words.data());
        bool one = pm4::write_data::WR_ONE_ADDR.in(words.data());
        for (size_t i = pm4::write_data::kFirstValue; i < words.size(); ++i)
          add_register(p, one ? reg0 : reg0 + static_cast<uint32_t>(i - pm4::write_data::kFirstValue), words[i],
                       level);
        return;
      }
      if (words.size() > pm4::write_data::kFirstValue)
        p.payload.assign(words.begin() + pm4::write_data::kFirstValue, words.end());
      return;
    case pm4::INDIRECT_BUFFER:
    case pm4::INDIRECT_BUFFER_CONST:
      if (body >= 3) {
        namespace ib = pm4::indirect_buffer;
        uint64_t va = gpu_va((uint64_t{ib::IB_BASE_HI.in(words.data())} << 32) | (words[1] & ib::IB_BASE_LO.mask()));
        p.ib = IbReference{va, ib::IB_SIZE.in(words.data()), ib::CHAIN.in(words.data()) != 0,
                           p.opcode == pm4::INDIRECT_BUFFER_CONST};
      }
      return;
    case pm4::WRITE_CONST_RAM:
      if (words.size() > pm4::write_const_ram::kFirstValue)
        p.payload.assign(words.begin() + pm4::write_const_ram::kFirstValue, words.end());
      return;
    default:
      // Dwords past the fixed layout (or of packets without one) are shown as they are.
      if (last_field + 1 < words.size()) p.payload.assign(words.begin() + last_field + 1, words.end());
      return;
  }
}

}  // namespace

Packet decode_pm4(std::span<const uint32_t> stream, uint32_t at, GfxLevel level, QueueMask queue) {
  Packet p;
  p.offset = at;
  if (at >= stream.size()) {
    p.length = 0;
    p.kind = "END";
    p.error = "no dwords left";
    return p;
  }
  uint32_t h = stream[at];
  p.header = h;
  uint32_t left = static_cast<uint32_t>(stream.size()) - at;
  uint32_t type = pm4::packet_type(h);
  uint32_t count = pm4::packet_count(h);
  switch (type) {
    case pm4::kType0: {
      p.kind = "PKT0";
      p.name = "TYPE0";
      uint32_t want = count + 2;
      p.length = std::min(want, left);
      if (want > left) p.error = "needs " + std::to_string(want) + " dwords, the stream has " + std::to_string(left);
      uint32_t base = pm4::TYPE0_BASE_INDEX.get(h);
      for (uint32_t i = 1; i < p.length; ++i) add_register(p, base + i - 1, stream[at + i], level);
      if (p.error.empty()) p.error = "type-0 register writes are illegal in gfx9+ IBs";
      return p;
    }
    case pm4::kType1:
      p.kind = "PKT1";
      p.name = "TYPE1";
      p.error = "type-1 packets are not defined";
      return p;
    case pm4::kType2:
      p.kind = "PKT2";
      p.name = "FILLER";
      return p;
  }
  p.kind = "PKT3";
  p.opcode = pm4::packet_opcode(h);
  p.fields.push_back({pm4::HEADER_COUNT.name, 0, count, {}});
  p.fields.push_back({pm4::HEADER_SHADER_TYPE.name, 0, pm4::HEADER_SHADER_TYPE.get(h),
                      pm4::HEADER_SHADER_TYPE.get(h) ? "compute" : "graphics"});
  p.fields.push_back({pm4::HEADER_PREDICATE.name, 0, pm4::HEADER_PREDICATE.get(h), {}});
  if (p.opcode == pm4::NOP && count == pm4::kHeaderOnlyNopCount) {
    p.name = "NOP";
    p.comment = "header-only NOP (one dword)";
    return p;
  }
  uint32_t want = count + 2;
  p.length = std::min(want, left);
  decode_type3(p, stream.subspan(at, p.length), level, queue);
  if (want > left)
    p.error = "needs " + std::to_string(want) + " dwords, the stream has " + std::to_string(left) +
              (p.error.empty() ? "" : "; " + p.error);
  return p;
}

}  // namespace sporkle::spec::decode
