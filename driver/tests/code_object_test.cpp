// The code-object loader on code objects built from kernels/ by clang and llvm-mc + ld.lld, and on damaged
// copies of them: every malformed file is an Error, with the errno telling bad input (ENOEXEC) from valid input
// the loader does not run (ENOTSUP).
#include <elf.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "code_object_metadata.h"
#include "error_of.h"
#include "kernel_files.h"
#include "mock_drm.h"
#include "sporkle/code_object.h"
#include "sporkle/error.h"

namespace sporkle::test {
namespace {

using ::testing::_;
using ::testing::AnyNumber;
using ::testing::HasSubstr;
using ::testing::NiceMock;

CodeObject parse(const std::vector<std::byte>& b) { return CodeObject::parse(b); }

TEST(CodeObject, ClangVaddForGfx900) {
  CodeObject co = parse(read_kernel_file("vadd-gfx900.co"));
  EXPECT_EQ(co.target(), "gfx900");
  EXPECT_EQ(co.version(), 4u);
  ASSERT_EQ(co.kernels().size(), 2u);
  const KernelInfo& k = co.kernel("vadd");
  EXPECT_EQ(k.symbol, "vadd.kd");
  ASSERT_EQ(k.args.size(), 4u);
  EXPECT_EQ(k.args[0].value_kind, "global_buffer");
  EXPECT_EQ(k.args[0].address_space, "global");
  EXPECT_EQ(k.args[2].offset, 16u);
  EXPECT_EQ(k.args[3].value_kind, "by_value");
  EXPECT_EQ(k.args[3].offset, 24u);
  EXPECT_EQ(k.args[3].size, 4u);
  EXPECT_EQ(k.kernarg_segment_size, 28u);
  EXPECT_EQ(k.wavefront_size, 64u);
  EXPECT_EQ(k.max_flat_workgroup_size, 256u);
  EXPECT_GT(k.vgpr_count, 0u);
  EXPECT_GT(k.sgpr_count, 0u);
  // pm4-isa.md §5.2's measured values for this kernel.
  EXPECT_EQ(k.descriptor.rsrc1, 0x00AF0041u);
  EXPECT_EQ(k.descriptor.rsrc2, 0x90u);
  EXPECT_EQ(k.descriptor.kernel_code_properties, 0x000Bu);
  EXPECT_EQ(k.descriptor.user_sgpr_count(), 8u);
  EXPECT_EQ(k.descriptor.kernarg_size, 28u);
  EXPECT_EQ(k.descriptor_offset % 64, 0u);
  EXPECT_EQ(k.entry_offset % 256, 0u);
  EXPECT_EQ(static_cast<int64_t>(k.entry_offset - k.descriptor_offset), k.descriptor.kernel_code_entry_byte_offset);
  ASSERT_LT(k.entry_offset, co.image().size());
  // The entry is code: gfx9's first instruction of this kernel is an SMEM load (encoding prefix 0b110000).
  uint32_t first;
  std::memcpy(&first, co.image().data() + k.entry_offset, 4);
  EXPECT_EQ(first >> 26, 0x30u);
}

TEST(CodeObject, ClangVaddForGfx1030IsWave32) {
  CodeObject co = parse(read_kernel_file("vadd-gfx1030.co"));
  EXPECT_EQ(co.target(), "gfx1030");
  const KernelInfo& k = co.kernel("vadd");
  EXPECT_EQ(k.wavefront_size, 32u);
  EXPECT_TRUE(k.descriptor.has(KernelDescriptor::kWavefrontSize32));
  EXPECT_EQ(k.descriptor.kernel_code_properties, 0x040Bu);
}

TEST(CodeObject, ScratchLdsAndAssemblyKernels) {
  const KernelInfo p = parse(read_kernel_file("private_array-gfx900.co")).kernel("private_array");
  EXPECT_GT(p.private_segment_fixed_size, 0u);
  EXPECT_TRUE(p.descriptor.has(KernelDescriptor::kPrivateSegmentBuffer));
  EXPECT_TRUE(p.descriptor.has(KernelDescriptor::kFlatScratchInit));
  EXPECT_EQ(p.descriptor.rsrc2 & 1, 1u);  // SCRATCH_EN

  const KernelInfo b = parse(read_kernel_file("block_sum-gfx900.co")).kernel("block_sum");
  EXPECT_EQ(b.group_segment_fixed_size, 4u);
  ASSERT_EQ(b.args.size(), 3u);
  EXPECT_EQ(b.args[2].value_kind, "dynamic_shared_pointer");
  EXPECT_EQ(b.args[2].size, 4u);

  const CodeObject fill = parse(read_kernel_file("fill-gfx900.co"));
  const KernelInfo& f = fill.kernel("fill");
  EXPECT_EQ(f.descriptor.kernel_code_properties, KernelDescriptor::kKernargSegmentPtr);
  EXPECT_EQ((f.descriptor.rsrc2 >> 1) & 31, 2u);  // USER_SGPR
  ASSERT_EQ(f.explicit_args().size(), 2u);
  EXPECT_EQ(f.explicit_args()[1]->name, "value");
}

TEST(CodeObject, UnknownKernelNamesTheKernelsThereAre) {
  CodeObject co = parse(read_kernel_file("vadd-gfx900.co"));
  Error e = error_of([&] { co.kernel("vsub"); });
  EXPECT_EQ(e.errno_value(), ENOENT);
  EXPECT_THAT(e.what(), HasSubstr("vadd, vadd_u32"));
}

// Damaged copies of a good file.
class Damaged : public ::testing::Test {
 protected:
  std::vector<std::byte> good = read_kernel_file("vadd-gfx900.co");
  std::vector<std::byte> bad = good;
  Elf64_Ehdr header() const {
    Elf64_Ehdr h;
    std::memcpy(&h, bad.data(), sizeof h);
    return h;
  }
  template <typename T>
  void poke(uint64_t offset, T v) {
    ASSERT_LE(offset + sizeof v, bad.size());
    std::memcpy(bad.data() + offset, &v, sizeof v);
  }
  // The file offset of vadd's descriptor (ld.lld puts .rodata in the first segment: file offset = address).
  uint64_t descriptor_offset() const { return parse(good).kernel("vadd").descriptor_offset; }
  int errno_of() const { return error_of([&] { parse(bad); }).errno_value(); }
  std::string message() const { return error_of([&] { parse(bad); }).what(); }
};

TEST_F(Damaged, EveryTruncationIsAnError) {
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<std::byte> cut(good.begin(), good.begin() + static_cast<ptrdiff_t>(n));
    try {
      CodeObject::parse(cut);
      // Section headers and trailing non-loaded sections are at the end: once every segment is in, the
      // object still loads and describes the same kernels.
      EXPECT_EQ(CodeObject::parse(cut).kernels().size(), 2u) << n;
    } catch (const Error& e) {
      EXPECT_EQ(e.errno_value(), ENOEXEC) << n << ": " << e.what();
    }
  }
}

TEST_F(Damaged, ElfIdentity) {
  bad[0] = std::byte{0};
  EXPECT_THAT(message(), HasSubstr("not an ELF"));
  bad = good;
  bad[EI_CLASS] = std::byte{ELFCLASS32};
  EXPECT_EQ(errno_of(), ENOEXEC);
  bad = good;
  bad[EI_DATA] = std::byte{ELFDATA2MSB};
  EXPECT_EQ(errno_of(), ENOEXEC);
  bad = good;
  poke<uint16_t>(offsetof(Elf64_Ehdr, e_machine), EM_X86_64);
  EXPECT_THAT(message(), HasSubstr("EM_AMDGPU"));
  bad = good;
  bad[EI_OSABI] = std::byte{0};
  EXPECT_THAT(message(), HasSubstr("AMDGPU_HSA"));
  bad = good;
  poke<uint32_t>(offsetof(Elf64_Ehdr, e_flags), 0x1FF);
  EXPECT_THAT(message(), HasSubstr("EF_AMDGPU_MACH"));
}

TEST_F(Damaged, CodeObjectVersions) {
  bad[EI_ABIVERSION] = std::byte{3};  // v5
  EXPECT_EQ(errno_of(), ENOTSUP);
  EXPECT_THAT(message(), HasSubstr("v5"));
  bad[EI_ABIVERSION] = std::byte{0};  // v2: no kernel descriptors
  EXPECT_EQ(errno_of(), ENOEXEC);
  bad[EI_ABIVERSION] = std::byte{1};  // v3 with v4 metadata
  EXPECT_THAT(message(), HasSubstr("metadata version"));
}

TEST_F(Damaged, RelocatableObjectNeedsLinking) {
  bad = read_kernel_file("vadd-gfx900.o");
  EXPECT_EQ(errno_of(), ENOEXEC);
  EXPECT_THAT(message(), HasSubstr("ld.lld"));
}

TEST_F(Damaged, TablesOutsideTheFile) {
  poke<uint64_t>(offsetof(Elf64_Ehdr, e_phoff), good.size() - 8);
  EXPECT_THAT(message(), HasSubstr("program header"));
  bad = good;
  poke<uint16_t>(offsetof(Elf64_Ehdr, e_phentsize), 12);
  EXPECT_EQ(errno_of(), ENOEXEC);
  bad = good;
  poke<uint64_t>(offsetof(Elf64_Ehdr, e_shoff), ~uint64_t{0} - 4);
  EXPECT_EQ(errno_of(), ENOEXEC);
  // A PT_LOAD that claims a 4 GiB bss.
  bad = good;
  const Elf64_Ehdr h = header();
  for (uint64_t i = 0; i < h.e_phnum; ++i) {
    Elf64_Phdr p;
    std::memcpy(&p, bad.data() + h.e_phoff + i * sizeof p, sizeof p);
    if (p.p_type == PT_LOAD) {
      p.p_memsz = 4ull << 30;
      std::memcpy(bad.data() + h.e_phoff + i * sizeof p, &p, sizeof p);
      break;
    }
  }
  EXPECT_THAT(message(), HasSubstr("MiB"));
}

TEST_F(Damaged, KernelDescriptor) {
  const uint64_t kd = descriptor_offset();
  ASSERT_EQ(std::memcmp(good.data() + kd, parse(good).image().data() + kd, 64), 0);
  poke<uint8_t>(kd + 30, 1);  // reserved
  EXPECT_THAT(message(), HasSubstr("reserved kernel descriptor byte"));
  bad = good;
  int64_t entry;
  std::memcpy(&entry, good.data() + kd + 16, 8);
  poke<int64_t>(kd + 16, entry + 4);
  EXPECT_THAT(message(), HasSubstr("256-byte aligned"));
  bad = good;
  poke<int64_t>(kd + 16, -static_cast<int64_t>(kd));  // the file header: not code
  EXPECT_THAT(message(), HasSubstr("executable"));
  bad = good;
  poke<int64_t>(kd + 16, int64_t{1} << 62);
  EXPECT_EQ(errno_of(), ENOEXEC);
  bad = good;
  poke<uint16_t>(kd + 56, 0x040B);  // wave32 on gfx900
  EXPECT_THAT(message(), HasSubstr("wave32"));
  bad = good;
  poke<uint16_t>(kd + 56, 0x008B);  // a reserved property bit
  EXPECT_THAT(message(), HasSubstr("reserved kernel_code_properties"));
  bad = good;
  poke<uint16_t>(kd + 56, 0x007B);  // all user SGPR fields but the queue pointer: 13, RSRC2 reserves 8
  EXPECT_THAT(message(), HasSubstr("USER_SGPR"));
  bad = good;
  poke<uint32_t>(kd + 8, 64);  // kernarg size disagrees with the metadata
  EXPECT_THAT(message(), HasSubstr("disagree"));
}

// A MessagePack writer for metadata notes.
struct Writer {
  std::vector<std::byte> out;
  void byte(uint8_t b) { out.push_back(std::byte{b}); }
  Writer& str(std::string_view s) {
    byte(0xD9);
    byte(static_cast<uint8_t>(s.size()));
    for (char c : s) byte(static_cast<uint8_t>(c));
    return *this;
  }
  Writer& uint(uint32_t v) {
    byte(0xCE);
    for (int i = 3; i >= 0; --i) byte(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  Writer& map(uint8_t n) { byte(0x80 | n); return *this; }
  Writer& array(uint8_t n) { byte(0x90 | n); return *this; }
};

// A note with one kernel; arg_offset places its only argument.
std::vector<std::byte> note(uint32_t arg_offset, bool drop_wavefront_size = false) {
  Writer w;
  w.map(2).str("amdhsa.version").array(2).uint(1).uint(1);
  w.str("amdhsa.kernels").array(1).map(drop_wavefront_size ? 10 : 11);
  w.str(".name").str("k").str(".symbol").str("k.kd");
  w.str(".kernarg_segment_size").uint(16).str(".kernarg_segment_align").uint(8);
  w.str(".group_segment_fixed_size").uint(0).str(".private_segment_fixed_size").uint(0);
  if (!drop_wavefront_size) w.str(".wavefront_size").uint(64);
  w.str(".sgpr_count").uint(8).str(".vgpr_count").uint(4).str(".max_flat_workgroup_size").uint(256);
  w.str(".args").array(1).map(3).str(".offset").uint(arg_offset).str(".size").uint(8);
  w.str(".value_kind").str("global_buffer");
  return w.out;
}

TEST(Metadata, ArgumentsMustLieInTheKernargSegment) {
  detail::Metadata md = detail::read_metadata(note(8));
  ASSERT_EQ(md.kernels.size(), 1u);
  EXPECT_EQ(md.kernels[0].args[0].offset, 8u);
  EXPECT_EQ(md.version_minor, 1u);
  Error e = error_of([] { detail::read_metadata(note(9)); });
  EXPECT_EQ(e.errno_value(), ENOEXEC);
  EXPECT_THAT(e.what(), HasSubstr("outside the 16-byte kernarg segment"));
  EXPECT_EQ(error_of([] { detail::read_metadata(note(0xFFFFFFFC)); }).errno_value(), ENOEXEC);
}

TEST(Metadata, RequiredFields) {
  Error e = error_of([] { detail::read_metadata(note(0, true)); });
  EXPECT_THAT(e.what(), HasSubstr("has no .wavefront_size"));
  Writer w;
  w.map(1).str("amdhsa.version").array(2).uint(1).uint(1);
  EXPECT_THAT(error_of([&] { detail::read_metadata(w.out); }).what(), HasSubstr("amdhsa.kernels"));
  Writer wrong_type;
  wrong_type.map(2).str("amdhsa.version").array(2).uint(1).uint(1).str("amdhsa.kernels").str("k");
  EXPECT_THAT(error_of([&] { detail::read_metadata(wrong_type.out); }).what(), HasSubstr("not an array"));
}

TEST(LoadedCodeObject, UploadsTheImageIntoAnExecutableMapping) {
  NiceMock<MockDrm> drm;
  Device device = Device::open("/dev/dri/renderD128", drm);
  CodeObject co = parse(read_kernel_file("vadd-gfx900.co"));
  const std::vector<std::byte> image(co.image().begin(), co.image().end());
  EXPECT_CALL(drm, bo_va_op_raw(_, _, _, _, _, _, AMDGPU_VA_OP_UNMAP)).Times(AnyNumber());
  EXPECT_CALL(drm, bo_va_op_raw(_, _, 0, _, MockDrm::kVa, _, AMDGPU_VA_OP_MAP))
      .WillOnce([](amdgpu_device_handle, amdgpu_bo_handle, uint64_t, uint64_t size, uint64_t, uint64_t flags,
                   uint32_t) {
        EXPECT_TRUE(flags & AMDGPU_VM_PAGE_EXECUTABLE);
        EXPECT_EQ(size % 4096, 0u);
        return 0;
      });
  LoadedCodeObject loaded(device, std::move(co));
  EXPECT_EQ(loaded.base_address(), MockDrm::kVa);
  const KernelInfo& k = loaded.code().kernel("vadd");
  EXPECT_EQ(loaded.entry_address(k) % 256, 0u);
  EXPECT_EQ(loaded.descriptor_address(k), MockDrm::kVa + k.descriptor_offset);
  EXPECT_EQ(std::memcmp(drm.memory.data(), image.data(), image.size()), 0);
}

TEST(LoadedCodeObject, RejectsAnotherTargetBeforeAllocating) {
  NiceMock<MockDrm> drm;
  Device device = Device::open("/dev/dri/renderD128", drm);
  EXPECT_CALL(drm, bo_alloc(_, _, _)).Times(0);
  Error e = error_of([&] { LoadedCodeObject(device, parse(read_kernel_file("vadd-gfx1030.co"))); });
  EXPECT_EQ(e.errno_value(), ENOEXEC);
  EXPECT_THAT(e.what(), HasSubstr("gfx1030"));
}

}  // namespace
}  // namespace sporkle::test
