#include "harness.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sporkle::sim::isa::test {

GpuMemory::GpuMemory() : store_(gpu::BackingStore::create(uint64_t(1) << 30)) {}

uint64_t GpuMemory::alloc(uint64_t bytes, uint32_t flags) {
  uint64_t size = (std::max<uint64_t>(bytes, 1) + gpu::kPageSize - 1) / gpu::kPageSize * gpu::kPageSize;
  auto a = store_->allocate(size);
  if (!a) throw std::runtime_error("test device memory exhausted");
  std::memset(a->host(), 0, size);
  uint64_t va = next_va_;
  next_va_ += size + 16 * gpu::kPageSize;
  vm_.map(gpu::Mapping{va, size, a, 0, flags, 1});
  allocations_[va] = a;
  return va;
}

uint8_t* GpuMemory::host(uint64_t va) {
  auto it = allocations_.upper_bound(va);
  if (it == allocations_.begin()) throw std::runtime_error("no allocation at this VA");
  --it;
  if (va - it->first >= it->second->size()) throw std::runtime_error("VA past its allocation");
  return it->second->host() + (va - it->first);
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

ShaderFile ShaderFile::load(const std::string& name) {
  std::string base = std::string(SPORKLE_ISA_SHADER_DIR) + "/" + name;
  ShaderFile s;
  s.text = read_file(base + ".bin");
  auto dis = read_file(base + ".dis");
  s.disassembly.assign(dis.begin(), dis.end());
  std::ifstream sym(base + ".sym");
  std::string line;
  while (std::getline(sym, line)) {
    std::istringstream ls(line);
    std::string addr, type, sname;
    if (ls >> addr >> type >> sname && (type == "T" || type == "t")) s.symbols[sname] = std::stoull(addr, nullptr, 16);
  }
  std::ifstream kd(base + ".kd", std::ios::binary);
  if (kd) s.kd.assign(std::istreambuf_iterator<char>(kd), std::istreambuf_iterator<char>());
  return s;
}

uint64_t upload_code(GpuMemory& mem, const std::vector<uint8_t>& text) {
  uint64_t va = mem.alloc(text.size(), kRWX);
  std::memcpy(mem.host(va), text.data(), text.size());
  return va;
}

WorkgroupResult run_grid(gpu::Vm& vm, const DispatchParams& params, std::array<uint32_t, 3> groups,
                         uint64_t budget) {
  WorkgroupRunner runner(vm, params);
  Budget b{budget, nullptr};
  WorkgroupResult last;
  for (uint32_t z = 0; z < groups[2]; ++z)
    for (uint32_t y = 0; y < groups[1]; ++y)
      for (uint32_t x = 0; x < groups[0]; ++x) {
        WorkgroupParams g;
        g.id = {x, y, z};
        last = runner.run(g, b);
        if (last.status != WorkgroupStatus::Completed) return last;
      }
  return last;
}

}  // namespace sporkle::sim::isa::test
