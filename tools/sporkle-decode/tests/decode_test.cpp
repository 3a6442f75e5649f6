// What the decoder says about particular streams: register names per generation, malformed and unknown
// packets, IB chains, and the command-line tool's text and JSON output.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "sporkle/spec/decode.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::spec {
namespace {

using pm4::packet3;

std::string text(const decode::Packet& p, std::span<const uint32_t> words) {
  std::string out;
  decode::format_text(out, p, words);
  return out;
}

TEST(Decode, RegisterNamesFollowTheGeneration) {
  std::vector<uint32_t> w = {packet3(pm4::SET_SH_REG, 2), 0x228, 0x5};
  EXPECT_NE(text(decode::decode_pm4(w, 0, GfxLevel::Gfx9, kComputeQueue), w).find("COMPUTE_STATIC_THREAD_MGMT_SE7"),
            std::string::npos);
  EXPECT_NE(text(decode::decode_pm4(w, 0, GfxLevel::Gfx10_3, kComputeQueue), w).find("COMPUTE_PGM_RSRC3 (0x02e28) <= 0x00000005"),
            std::string::npos);
}

TEST(Decode, HeaderOnlyNopIsOneDword) {
  std::vector<uint32_t> w = {pm4::kNopPad, pm4::kNopPad};
  decode::Packet p = decode::decode_pm4(w, 0, GfxLevel::Gfx9, kGfxQueue);
  EXPECT_EQ(p.length, 1u);
  EXPECT_EQ(p.name, "NOP");
  EXPECT_EQ(p.error, "");
}

TEST(Decode, MalformedAndUnknownPacketsAreShownWithTheReason) {
  std::vector<uint32_t> w = {packet3(0xF2, 2), 1, 2};
  decode::Packet p = decode::decode_pm4(w, 0, GfxLevel::Gfx9, kGfxQueue);
  EXPECT_EQ(p.name, "UNKNOWN");
  EXPECT_EQ(p.length, 3u);
  EXPECT_NE(p.error.find("0xf2"), std::string::npos);
  w = {packet3(pm4::WRITE_DATA, 5), 5u << 8, 0};
  p = decode::decode_pm4(w, 0, GfxLevel::Gfx9, kGfxQueue);
  EXPECT_EQ(p.length, 3u);
  EXPECT_NE(p.error.find("needs 6 dwords, the stream has 3"), std::string::npos) << p.error;
  w = {packet3(pm4::ACQUIRE_MEM, 6), 0, 0, 0, 0, 0, 0};
  EXPECT_NE(decode::decode_pm4(w, 0, GfxLevel::Gfx10_3, kGfxQueue).error.find("7-dword body"), std::string::npos);
  w = {packet3(pm4::SET_CONTEXT_REG, 2), 0, 0};
  EXPECT_NE(decode::decode_pm4(w, 0, GfxLevel::Gfx9, kComputeQueue).error.find("compute queue"), std::string::npos);
  w = {0x23decd3d};
  p = decode::decode_sdma(w, 0, 4);
  EXPECT_EQ(p.name, "UNKNOWN");
  EXPECT_FALSE(p.error.empty());
}

TEST(Decode, IndirectBufferAndComment) {
  std::vector<uint32_t> w = {packet3(pm4::INDIRECT_BUFFER, 3), 0x1000, 0x1, 16u | (1u << 20)};
  decode::Packet p = decode::decode_pm4(w, 0, GfxLevel::Gfx9, kGfxQueue);
  ASSERT_TRUE(p.ib.has_value());
  EXPECT_EQ(p.ib->va, 0x100001000ull);
  EXPECT_EQ(p.ib->size_dw, 16u);
  EXPECT_TRUE(p.ib->chain);
  // umr comment: tag, length, type 7, "hi!"
  w = {packet3(pm4::NOP, 4), pm4::nop::kCommentTag, 4, 7, 0x00216968};
  EXPECT_EQ(decode::decode_pm4(w, 0, GfxLevel::Gfx9, kGfxQueue).comment, "hi!");
}

struct ToolRun {
  int status;
  std::string output;
};

ToolRun run(const std::string& args, const std::string& stdin_text) {
  std::string in = ::testing::TempDir() + "/decode_in.txt";
  std::ofstream(in) << stdin_text;
  std::string cmd = std::string(SPORKLE_DECODE_PATH) + " " + args + " < " + in + " 2>&1";
  FILE* f = popen(cmd.c_str(), "r");
  ToolRun r{-1, {}};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.output.append(buf, n);
  int st = pclose(f);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(DecodeTool, HexOnStdinToText) {
  // The kernel's fence and a NOP pad, as a umr-style listing.
  ToolRun r = run("--gpu gfx1030 --ring compute", "0xC0064900 0x00000514 0x40000000 0x1000 0 5 0 0 # fence\nffff1000\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("0x00000000: c0064900  PKT3 RELEASE_MEM (opcode 0x49)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("EVENT_TYPE=0x14 [CACHE_FLUSH_AND_INV_TS_EVENT]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DATA_SEL=0x2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("0x00000020: ffff1000  PKT3 NOP"), std::string::npos) << r.output;
}

TEST(DecodeTool, JsonAndMalformedStatus) {
  ToolRun r = run("--json --ring sdma --gpu gfx900", "00000002 1000 0 0 0xAB 23decd3d");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_NE(r.output.find("\"name\":\"WRITE_LINEAR\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"payload\":[171]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"name\":\"UNKNOWN\""), std::string::npos) << r.output;
  EXPECT_NE(run("--gpu gfx42", "").output.find("unknown GPU"), std::string::npos);
  EXPECT_EQ(run("", "xyz").status, 1);
}

TEST(DecodeTool, FollowsIndirectBuffersIntoMemoryImages) {
  std::string mem = ::testing::TempDir() + "/decode_mem.bin";
  std::vector<uint32_t> ib2 = {packet3(pm4::SET_SH_REG, 2), 0x240, 0x77};
  std::ofstream(mem, std::ios::binary).write(reinterpret_cast<const char*>(ib2.data()), ib2.size() * 4);
  ToolRun r = run("--ring compute --mem 0x10000=" + mem, "c0023f00 00010000 0 3");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("called IB at 0x10000, 3 dwords"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("IB@10000 0x00000000: c0017600  PKT3 SET_SH_REG"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("COMPUTE_USER_DATA_0 (0x02e40) <= 0x00000077"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace sporkle::spec
