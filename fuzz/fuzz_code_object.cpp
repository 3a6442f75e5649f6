// AMDHSA code objects: any bytes are parsed by the driver's loader (ELF, kernel descriptors, the msgpack
// metadata note); every kernel of an accepted object is then planned for dispatch on its target without a
// device (kernel arguments from the metadata, dispatch packet, COMPUTE_* registers and user SGPRs into a PM4
// stream). Malformed input must end in a sporkle::Error; nothing may read or write outside what the file and
// the plan describe (ASan), and an accepted object keeps the loader's promises (checked below).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz/check.h"
#include "sporkle/code_object.h"
#include "sporkle/dispatch.h"
#include "sporkle/error.h"
#include "sporkle/pm4_stream.h"

namespace {

using namespace sporkle;

// One argument of the kind the metadata asks for (unknown kinds get a pointer, which must be refused cleanly).
KernelArg argument_for(const KernelArgInfo& a) {
  if (a.value_kind == "by_value") return KernelArg::value(std::vector<std::byte>(a.size, std::byte{0x5A}));
  if (a.value_kind == "dynamic_shared_pointer") return KernelArg::local(256);
  return KernelArg::pointer(0x100000);
}

void plan(const CodeObject& co, const KernelInfo& k) {
  DeviceInfo device;
  device.gfx_target = co.target();
  device.cu_count = 4;
  std::vector<KernelArg> args;
  for (const KernelArgInfo* a : k.explicit_args()) args.push_back(argument_for(*a));
  try {
    KernelDispatch d(device, 0x7F0000000000, k, {3, 2, 1}, {32, 2, 1}, args);
    std::vector<std::byte> kernargs(d.kernarg_bytes()), packet(64);
    FUZZ_CHECK(d.kernarg_bytes() >= k.kernarg_segment_size, "kernarg buffer %u < segment %u", d.kernarg_bytes(),
               k.kernarg_segment_size);
    d.write_kernargs(kernargs);
    d.write_dispatch_packet(packet, {.kernarg = 0x1000, .packet = 0x2000});
    Pm4Stream stream(gfx_level(device));
    d.emit(stream, {.kernarg = 0x1000, .packet = 0x2000, .scratch = 0x100000, .completion = 0x3000});
    FUZZ_CHECK(!stream.empty(), "no packets for %s", k.name.c_str());
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const CodeObject co = CodeObject::parse(std::as_bytes(std::span(data, size)));
    for (const KernelInfo& k : co.kernels()) {
      FUZZ_CHECK(k.descriptor_offset % 64 == 0 && k.descriptor_offset + 64 <= co.image().size(),
                 "descriptor at %llu of a %zu-byte image", (unsigned long long)k.descriptor_offset,
                 co.image().size());
      FUZZ_CHECK(k.entry_offset % 256 == 0 && k.entry_offset < co.image().size(), "entry at %llu",
                 (unsigned long long)k.entry_offset);
      for (const KernelArgInfo& a : k.args)
        FUZZ_CHECK(uint64_t{a.offset} + a.size <= k.kernarg_segment_size, "argument outside the kernarg segment");
      plan(co, k);
    }
  } catch (const Error&) {
  }
  return 0;
}
