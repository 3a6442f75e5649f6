// Every packet form in spec/ round-trips: encoded from its field table with arbitrary field values, the decoder
// gives back the same packet, length and field values. A wrong length, an overlapping field or a decoder that
// reads the wrong dword fails here.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "sporkle/spec/decode.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/sdma.h"

namespace sporkle::spec {
namespace {

std::map<std::string, uint32_t> by_name(const decode::Packet& p) {
  std::map<std::string, uint32_t> m;
  for (const decode::FieldValue& f : p.fields) m[std::string(f.name)] = f.value;
  return m;
}

uint32_t random_value(std::mt19937& rng, const Field& f) { return f.get(f.put(static_cast<uint32_t>(rng()))); }

TEST(RoundTrip, EveryPm4PacketForm) {
  std::mt19937 rng(1234);
  unsigned checked = 0;
  for (GfxLevel level : {GfxLevel::Gfx9, GfxLevel::Gfx10_3}) {
    for (QueueMask queue : {kGfxQueue, kComputeQueue}) {
      for (const pm4::PacketInfo& info : pm4::kPackets) {
        if (!info.valid_on(level) || !(info.queues & queue)) continue;
        std::span<const Field> fields = pm4::packet_fields(info.opcode, level, queue);
        uint32_t body = info.min_body(level);
        if (info.opcode == pm4::DISPATCH_INDIRECT && queue == kComputeQueue) body = 3;
        for (const Field& f : fields) body = std::max<uint32_t>(body, f.dword);
        for (int trial = 0; trial < 20; ++trial) {
          std::vector<uint32_t> words(body + 1, 0);
          words[0] = pm4::packet3(info.opcode, body, queue == kComputeQueue ? pm4::ShaderType::Compute
                                                                            : pm4::ShaderType::Graphics);
          std::map<std::string, uint32_t> want;
          for (const Field& f : fields) {
            uint32_t v = random_value(rng, f);
            ASSERT_EQ(words[f.dword] & f.mask(), 0u) << info.name << ": " << f.name << " overlaps another field";
            words[f.dword] |= f.put(v);
            want[std::string(f.name)] = v;
          }
          decode::Packet p = decode::decode_pm4(words, 0, level, queue);
          SCOPED_TRACE(std::string(info.name));
          EXPECT_EQ(p.name, info.name);
          EXPECT_EQ(p.length, body + 1);
          EXPECT_EQ(p.opcode, info.opcode);
          // Errors are about the packet's place or form; a well-formed packet where it belongs has none, except
          // register writes the random offset puts past their space.
          bool set_reg = !pm4::packet_fields(info.opcode, level, queue).empty() &&
                         pm4::packet_fields(info.opcode, level, queue)[0].name == "REG_OFFSET";
          if (!set_reg) {
            EXPECT_EQ(p.error, "");
          }
          std::map<std::string, uint32_t> got = by_name(p);
          for (const auto& [name, value] : want) EXPECT_EQ(got[name], value) << name;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(RoundTrip, EverySdmaPacketForm) {
  std::mt19937 rng(99);
  for (uint32_t version : {4u, 5u}) {
    for (const sdma::PacketInfo& info : sdma::kPackets) {
      if (!(info.versions & sdma::version_bit(version))) continue;
      std::span<const Field> fields = sdma::packet_fields(info.op, info.sub_op, version);
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<uint32_t> words(info.dwords + 64, 0);
        words[0] = sdma::header(info.op, info.sub_op);
        std::map<std::string, uint32_t> want;
        for (const Field& f : fields) {
          uint32_t v = random_value(rng, f);
          // Length-carrying counts stay small so the packet fits the buffer.
          if (f.name == "COUNT" && (info.op == sdma::NOP || info.op == sdma::WRITE)) v &= 31;
          ASSERT_EQ(words[f.dword] & f.mask(), 0u) << info.name << ": " << f.name << " overlaps another field";
          words[f.dword] |= f.put(v);
          want[std::string(f.name)] = v;
        }
        uint32_t length = info.dwords;
        if (info.op == sdma::NOP) length = 1 + want["COUNT"];
        if (info.op == sdma::WRITE && info.sub_op == sdma::subop::WRITE_LINEAR) length = 4 + want["COUNT"] + 1;
        decode::Packet p = decode::decode_sdma(words, 0, version);
        SCOPED_TRACE(std::string(info.name) + " v" + std::to_string(version));
        EXPECT_EQ(p.name, info.name);
        EXPECT_EQ(p.length, length);
        EXPECT_EQ(p.error, "");
        std::map<std::string, uint32_t> got = by_name(p);
        for (const auto& [name, value] : want) EXPECT_EQ(got[name], value) << name;
      }
    }
  }
}

}  // namespace
}  // namespace sporkle::spec
