// Runs the one-operation test shaders of ops.s (64 lanes), ops_scalar.s (one work-item) and the gfx10 ones.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <vector>

#include "harness.h"

namespace sporkle::sim::isa::test {

using LaneIn = std::array<uint32_t, 8>;
using LaneOut = std::array<uint32_t, 4>;

struct OpMode {
  uint32_t float_mode = 0xF0;  // RSRC1.FLOAT_MODE: round to nearest, keep denormals
  bool ieee = true;
  spec::GfxLevel gfx = spec::GfxLevel::Gfx9;
  bool wave32 = false;
};

inline std::vector<LaneOut> run_shader(const char* file, const char* symbol, const std::vector<LaneIn>& lanes,
                                       uint32_t threads, OpMode mode = {}) {
  static std::map<std::string, ShaderFile> files;
  auto it = files.find(file);
  if (it == files.end()) it = files.emplace(file, ShaderFile::load(file)).first;
  const ShaderFile& s = it->second;
  GpuMemory mem;
  uint64_t code = upload_code(mem, s.text);
  uint64_t in = mem.alloc(64 * 32), out = mem.alloc(64 * 16);
  for (size_t i = 0; i < lanes.size() && i < 64; ++i) std::memcpy(mem.host(in + 32 * i), lanes[i].data(), 32);
  DispatchParams p;
  p.code_va = code + s.symbols.at(symbol);
  p.gfx_level = mode.gfx;
  p.wave32 = mode.wave32;
  p.rsrc1 = rsrc1(32, mode.float_mode, mode.ieee);
  p.rsrc2 = rsrc2(4, false);
  p.user_data = {uint32_t(in), uint32_t(in >> 32), uint32_t(out), uint32_t(out >> 32)};
  p.workgroup_size = {threads, 1, 1};
  WorkgroupResult r = run_grid(mem.vm(), p, {1, 1, 1});
  EXPECT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  std::vector<LaneOut> res(64);
  for (int i = 0; i < 64; ++i) std::memcpy(res[i].data(), mem.host(out + 16 * i), 16);
  return res;
}

inline std::vector<LaneOut> run_op(const char* symbol, const std::vector<LaneIn>& lanes, OpMode mode = {}) {
  return run_shader("ops", symbol, lanes, 64, mode);
}

inline LaneOut run_scalar(const char* symbol, std::array<uint32_t, 4> in) {
  LaneIn l{};
  std::copy(in.begin(), in.end(), l.begin());
  return run_shader("ops_scalar", symbol, {l}, 1)[0];
}

inline uint32_t f2u(float f) { return std::bit_cast<uint32_t>(f); }
inline float u2f(uint32_t u) { return std::bit_cast<float>(u); }
inline uint64_t d2u(double d) { return std::bit_cast<uint64_t>(d); }
inline double u2d(uint64_t u) { return std::bit_cast<double>(u); }
inline uint32_t lo(uint64_t v) { return uint32_t(v); }
inline uint32_t hi(uint64_t v) { return uint32_t(v >> 32); }

}  // namespace sporkle::sim::isa::test
