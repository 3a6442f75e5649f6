#include "sim/isa/operands.h"

#include <array>

#include "sim/isa/context.h"

namespace sporkle::sim::isa {

namespace {

// kByteMasks[b][j] = all ones when bit j of b is set.
constexpr auto kByteMasks = [] {
  std::array<std::array<uint32_t, 8>, 256> t{};
  for (int b = 0; b < 256; ++b)
    for (int j = 0; j < 8; ++j) t[b][j] = (b >> j) & 1 ? 0xFFFFFFFFu : 0u;
  return t;
}();

float omod_scale(uint8_t omod) { return omod == 1 ? 2.0f : omod == 2 ? 4.0f : omod == 3 ? 0.5f : 1.0f; }

}  // namespace

void expand_mask(uint64_t exec, uint32_t* mask) {
  for (int byte = 0; byte < 8; ++byte) std::memcpy(mask + 8 * byte, kByteMasks[(exec >> (8 * byte)) & 0xFF].data(), 32);
}

uint64_t read_special(const Wave& w, uint16_t code, bool wide) {
  namespace src = spec::isa::src;
  const Apertures& ap = w.wg->apertures;
  switch (code) {
    case src::VCCZ: return w.vcc() == 0;
    case src::EXECZ: return w.exec() == 0;
    case src::SCC: return w.scc;
    // As 32-bit operands the aperture registers give the high half of the 64-bit address.
    case src::SHARED_BASE: return wide ? ap.shared_base : ap.shared_base >> 32;
    case src::SHARED_LIMIT: return wide ? ap.shared_base + 0xFFFFFFFFull : (ap.shared_base + 0xFFFFFFFFull) >> 32;
    case src::PRIVATE_BASE: return wide ? ap.private_base : ap.private_base >> 32;
    case src::PRIVATE_LIMIT: return wide ? ap.private_base + 0xFFFFFFFFull : (ap.private_base + 0xFFFFFFFFull) >> 32;
    default: return 0;
  }
}

void finish_f32(const Wave& w, const DecodedInst& in, uint32_t* r, bool flush_out) {
  if (in.omod) {
    float s = omod_scale(in.omod);
    each_lane(w, [&](int i) { r[i] = as_u32(as_f32(r[i]) * s); });
  }
  if (in.flags & kFlagClamp) {
    each_lane(w, [&](int i) {
      float f = as_f32(r[i]);
      r[i] = as_u32(std::isnan(f) ? 0.0f : f < 0.0f ? 0.0f : f > 1.0f ? 1.0f : f);
    });
  }
  if (flush_out)
    each_lane(w, [&](int i) { r[i] = flush_f32(r[i]); });
}

void finish_f64(const Wave& w, const DecodedInst& in, uint64_t* r, bool flush_out) {
  if (in.omod) {
    double s = omod_scale(in.omod);
    each_lane(w, [&](int i) { r[i] = as_u64(as_f64(r[i]) * s); });
  }
  if (in.flags & kFlagClamp) {
    each_lane(w, [&](int i) {
      double f = as_f64(r[i]);
      r[i] = as_u64(std::isnan(f) ? 0.0 : f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f);
    });
  }
  if (flush_out)
    each_lane(w, [&](int i) { r[i] = flush_f64(r[i]); });
}

void finish_f16(const Wave& w, const DecodedInst& in, uint32_t* r, bool flush_out) {
  if (in.omod) {
    float s = omod_scale(in.omod);
    each_lane(w, [&](int i) { r[i] = f32_to_f16(f16_to_f32(static_cast<uint16_t>(r[i])) * s); });
  }
  if (in.flags & kFlagClamp) {
    each_lane(w, [&](int i) {
      float f = f16_to_f32(static_cast<uint16_t>(r[i]));
      r[i] = f32_to_f16(std::isnan(f) ? 0.0f : f < 0.0f ? 0.0f : f > 1.0f ? 1.0f : f);
    });
  }
  if (flush_out)
    each_lane(w, [&](int i) { r[i] = flush_f16(static_cast<uint16_t>(r[i])); });
}

}  // namespace sporkle::sim::isa
