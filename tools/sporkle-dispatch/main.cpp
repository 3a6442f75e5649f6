// sporkle-dispatch: run one kernel of a code object from the command line (options.cpp has the syntax).
// Exit status: 0 when the kernel ran, 1 on a GPU, driver or file error, 2 on a command-line mistake.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "options.h"
#include "sporkle/code_object.h"
#include "sporkle/compute_device.h"

namespace sporkle::tools {
namespace {

std::vector<std::byte> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ENOENT, "sporkle-dispatch", "cannot read " + path);
  std::vector<char> c((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(c.size());
  std::memcpy(out.data(), c.data(), c.size());
  return out;
}

void write_file(const std::string& path, const std::vector<std::byte>& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) throw Error(EIO, "sporkle-dispatch", "cannot write " + path);
}

// A buffer's initial contents.
std::vector<std::byte> contents(const BufferSpec& b) {
  std::vector<std::byte> data;
  if (!b.in.empty()) {
    data = read_file(b.in);
    if (b.size && *b.size < data.size())
      throw UsageError("size=" + std::to_string(*b.size) + " is smaller than " + b.in);
  }
  data.resize(b.size ? *b.size : data.size());
  const size_t elem = !b.pattern.empty() ? b.pattern.size() : !b.iota.empty() ? scalar_size(b.iota) : 1;
  if (data.size() % elem) throw UsageError("buffer size " + std::to_string(data.size()) + " is not a multiple of " +
                                           std::to_string(elem) + "-byte elements");
  for (size_t i = 0; i < data.size() / elem; ++i) {
    std::vector<std::byte> e = !b.pattern.empty() ? b.pattern
                               : !b.iota.empty()  ? scalar_bytes(b.iota, std::to_string(i))
                                                  : std::vector<std::byte>{};
    std::copy(e.begin(), e.end(), data.begin() + static_cast<ptrdiff_t>(i * elem));
  }
  return data;
}

void list(const CodeObject& co) {
  std::printf("%s, code object v%u\n", co.target().c_str(), co.version());
  for (const KernelInfo& k : co.kernels()) {
    std::printf("%s: wave%u, kernarg %u bytes, LDS %u bytes, scratch %u bytes/work-item, max %u work-items\n",
                k.name.c_str(), k.wavefront_size, k.kernarg_segment_size, k.group_segment_fixed_size,
                k.private_segment_fixed_size, k.max_flat_workgroup_size);
    for (const KernelArgInfo& a : k.args)
      std::printf("  %-24s %-22s offset %3u size %u%s\n", a.name.empty() ? "-" : a.name.c_str(),
                  a.value_kind.c_str(), a.offset, a.size, a.hidden() ? " (hidden)" : "");
  }
}

int run(const Options& o) {
  CodeObject co = CodeObject::read_file(o.code_object);
  if (o.list) {
    list(co);
    return 0;
  }
  ComputeDevice gpu(o.device);
  gpu.load_file(o.code_object);
  std::vector<KernelArg> args;
  std::vector<std::pair<DeviceMemory, const BufferSpec*>> outputs;
  for (const ArgSpec& a : o.args) {
    switch (a.kind) {
      case ArgSpec::Kind::Scalar: args.push_back(KernelArg::value(a.scalar)); break;
      case ArgSpec::Kind::Local: args.push_back(KernelArg::local(a.local_bytes)); break;
      case ArgSpec::Kind::Buffer: {
        const std::vector<std::byte> data = contents(a.buffer);
        DeviceMemory m = gpu.allocate(std::max<uint64_t>(data.size(), 1));
        if (!data.empty()) gpu.memcpy(m, data.data(), data.size());
        args.push_back(m);
        if (!a.buffer.out.empty()) outputs.emplace_back(DeviceMemory{m.address, data.size()}, &a.buffer);
        break;
      }
    }
  }
  gpu.execute(o.kernel, args, o.grid, o.block);
  gpu.sync();
  for (const auto& [m, spec] : outputs) {
    std::vector<std::byte> data(m.size);
    gpu.memcpy(data.data(), m, m.size);
    write_file(spec->out, data);
  }
  return 0;
}

}  // namespace
}  // namespace sporkle::tools

int main(int argc, char** argv) {
  using namespace sporkle::tools;
  try {
    const Options o = parse_options(argc, argv);
    if (o.help) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    return run(o);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "sporkle-dispatch: %s\n(sporkle-dispatch --help for usage)\n", e.what());
    return 2;
  } catch (const sporkle::Error& e) {
    std::fprintf(stderr, "sporkle-dispatch: %s (errno %d)\n", e.what(), e.errno_value());
    return 1;
  }
}
