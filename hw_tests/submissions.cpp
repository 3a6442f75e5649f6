#include "hw_tests/submissions.h"

#include <cstring>
#include <filesystem>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "sporkle/driver.h"

namespace sporkle::hw_tests {
namespace {

namespace tc = spec::pm4::tc_op;

// A pattern with no repeating bytes over a page, so a copy at a wrong offset is visible.
void fill_pattern(Buffer& b, uint32_t seed) {
  auto w = b.view<uint32_t>();
  uint32_t x = seed;
  for (uint32_t& v : w) v = x = x * 1664525u + 1013904223u;
}

std::vector<uint8_t> snapshot(Buffer& b) {
  const auto* p = static_cast<const uint8_t*>(b.map());
  return {p, p + b.size()};
}

// WRITE_DATA, COPY_DATA, DMA_DATA and ATOMIC_MEM on the first compute ring.
Result pm4_compute(const Device& device, Context& ctx) {
  Buffer src = Buffer::allocate(device, 4096, Domain::Gtt);
  Buffer dst = Buffer::allocate(device, 8192, Domain::Gtt);
  fill_pattern(src, 1);
  std::memset(dst.map(), 0xEE, dst.size());
  const uint64_t s = src.gpu_address(), d = dst.gpu_address();

  // Atomic operands, set by the CPU: edge values (wrap-around, sign) where implementations tend to differ.
  auto w = dst.view<uint32_t>();
  const uint32_t a = 0x1000 / 4;
  const uint32_t init[] = {0xFFFFFFF0, 5, 0xF0F0F0F0, 0x0F0F0F0F, 0x12345678, 7, 7, 10, 0, 0x80000000, 3, 3};
  std::memcpy(&w[a], init, sizeof(init));
  auto* w64 = reinterpret_cast<uint64_t*>(&w[a + 16]);
  w64[0] = 0xFFFFFFFFFFFFFFF0ull;
  w64[1] = 0x8000000000000000ull;
  w64[2] = 42;

  Pm4Stream pm4(device, Ip::Compute);
  pm4.write_data(d, {0x01234567, 0x89ABCDEF, 0xDEADBEEF, 0, 0xFFFFFFFF, 1, 2, 3});
  pm4.copy_data(d + 0x40, s + 0x10);
  pm4.copy_data(d + 0x48, s + 0x20, true);
  pm4.copy_data_immediate(d + 0x50, 0x1122334455667788ull, true);
  pm4.copy_data_immediate(d + 0x58, 0xCAFEF00D);
  pm4.dma_copy(d + 0x100, s + 0x100, 1024);
  pm4.dma_fill(d + 0x600, 0xA5A55A5A, 512);
  const uint64_t at = d + 0x1000;
  pm4.atomic_mem(at + 0x00, tc::ADD_RTN_32, 0x20);  // wraps
  pm4.atomic_mem(at + 0x04, tc::SUB_RTN_32, 9);     // goes negative
  pm4.atomic_mem(at + 0x08, tc::AND_RTN_32, 0xFF00FF00);
  pm4.atomic_mem(at + 0x0C, tc::OR_RTN_32, 0xF0000000);
  pm4.atomic_mem(at + 0x10, tc::XOR_RTN_32, 0xFFFFFFFF);
  pm4.atomic_mem(at + 0x14, tc::CMPSWAP_RTN_32, 99, 7);  // compare matches
  pm4.atomic_mem(at + 0x18, tc::CMPSWAP_RTN_32, 99, 8);  // compare fails
  pm4.atomic_mem(at + 0x1C, tc::INC_RTN_32, 10);         // at the limit: wraps to 0
  pm4.atomic_mem(at + 0x20, tc::DEC_RTN_32, 5);          // at 0: wraps to the limit
  pm4.atomic_mem(at + 0x24, tc::SMAX_RTN_32, 1);         // signed compare with 0x80000000
  pm4.atomic_mem(at + 0x28, tc::UMIN_RTN_32, 0xFFFFFFFF);
  pm4.atomic_mem(at + 0x2C, tc::SWAP_RTN_32 | tc::kNoReturn, 0x5A5A5A5A);
  pm4.atomic_mem(at + 0x40, tc::ADD_RTN_64, 0x20);
  pm4.atomic_mem(at + 0x48, tc::SMIN_RTN_64, 0);
  pm4.atomic_mem(at + 0x50, tc::CMPSWAP_RTN_64, 0x0123456789ABCDEFull, 42);
  pm4.cache_flush();

  Queue queue(ctx, Ip::Compute);
  queue.submit(pm4, {.buffers = {&src, &dst}}).wait();
  return {"pm4_compute", snapshot(dst)};
}

// COPY_LINEAR (aligned and byte-granular) and CONST_FILL on the first SDMA ring.
Result sdma(const Device& device, Context& ctx) {
  const uint64_t kSize = 256 * 1024;
  Buffer src = Buffer::allocate(device, kSize, Domain::Gtt);
  Buffer dst = Buffer::allocate(device, kSize, Domain::Gtt);
  fill_pattern(src, 2);
  std::memset(dst.map(), 0xEE, dst.size());
  const uint64_t s = src.gpu_address(), d = dst.gpu_address();

  SdmaStream sdma(device);
  sdma.copy_linear(d, s, 128 * 1024);
  sdma.copy_linear(d + 128 * 1024 + 3, s + 5, 1001);
  sdma.const_fill(d + 192 * 1024, 0xDEADBEEF, 16 * 1024);
  sdma.fence(d + kSize - 4, 0x600DF00D);

  Queue queue(ctx, Ip::Dma);
  queue.submit(sdma, {.buffers = {&src, &dst}}).wait();
  return {"sdma", snapshot(dst)};
}

// vadd_u32 through ComputeDevice::execute: integer results, so hardware and simulator must agree exactly.
Result dispatch(const Device& device, const std::string& code_object) {
  ComputeDevice gpu(device);
  gpu.load_file(code_object);
  const uint32_t n = 1000;  // not a multiple of the workgroup size: the bounds check is exercised
  std::vector<uint32_t> a(n), b(n), c(n + 24, 0xEEEEEEEE);
  for (uint32_t i = 0; i < n; ++i) a[i] = i * 2654435761u, b[i] = ~i;
  DeviceMemory da = gpu.allocate(n * 4), db = gpu.allocate(n * 4), dc = gpu.allocate(c.size() * 4);
  gpu.memcpy(da, a.data(), n * 4);
  gpu.memcpy(db, b.data(), n * 4);
  gpu.memcpy(dc, c.data(), c.size() * 4);
  gpu.execute("vadd_u32", {da, db, dc, n}, {(n + 63) / 64}, {64});
  std::vector<uint8_t> out(c.size() * 4);
  gpu.memcpy(out.data(), dc, out.size());
  gpu.cleanup();
  return {"dispatch_vadd_u32", std::move(out)};
}

}  // namespace

std::vector<Result> run_submissions(const Device& device, const std::string& kernel_dir) {
  Context ctx(device);
  std::vector<Result> results;
  results.push_back(pm4_compute(device, ctx));
  results.push_back(sdma(device, ctx));
  // The simulator executes gfx9 shaders only; elsewhere it claims no fidelity for dispatch results.
  const std::string& target = device.info().gfx_target;
  const std::string co = kernel_dir + "/vadd-" + target + ".co";
  if (target.starts_with("gfx9") && std::filesystem::exists(co)) results.push_back(dispatch(device, co));
  return results;
}

void write_results(std::ostream& out, const std::vector<Result>& results) {
  for (const Result& r : results) {
    out << r.name << '\n' << r.bytes.size() << '\n';
    out.write(reinterpret_cast<const char*>(r.bytes.data()), static_cast<std::streamsize>(r.bytes.size()));
  }
}

std::vector<Result> read_results(std::istream& in) {
  std::vector<Result> results;
  std::string name;
  while (std::getline(in, name)) {
    size_t size = 0;
    if (!(in >> size) || in.get() != '\n') throw std::runtime_error("results: bad size after " + name);
    Result r{name, std::vector<uint8_t>(size)};
    if (!in.read(reinterpret_cast<char*>(r.bytes.data()), static_cast<std::streamsize>(size)))
      throw std::runtime_error("results: truncated " + name);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace sporkle::hw_tests
