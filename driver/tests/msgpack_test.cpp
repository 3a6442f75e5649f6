// The metadata note's MessagePack reader: every type the note uses, and malformed input as ENOEXEC.
#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "code_object_msgpack.h"
#include "sporkle/error.h"

namespace sporkle::test {
namespace {

namespace mp = detail::msgpack;

// Values point into their input: keep every input alive for the whole test program.
mp::Value parse(std::vector<uint8_t> b) {
  static std::deque<std::vector<uint8_t>> inputs;
  inputs.push_back(std::move(b));
  return mp::parse(std::as_bytes(std::span<const uint8_t>(inputs.back())));
}
int error_of(std::vector<uint8_t> b) {
  try {
    parse(std::move(b));
  } catch (const Error& e) {
    return e.errno_value();
  }
  return 0;
}

TEST(Msgpack, Integers) {
  EXPECT_EQ(parse({0x05}).as_uint(), 5u);
  EXPECT_EQ(parse({0xCC, 0xFF}).as_uint(), 255u);
  EXPECT_EQ(parse({0xCD, 0x12, 0x34}).as_uint(), 0x1234u);
  EXPECT_EQ(parse({0xCE, 0x12, 0x34, 0x56, 0x78}).as_uint(), 0x12345678u);
  EXPECT_EQ(parse({0xCF, 0, 0, 0, 1, 0, 0, 0, 2}).as_uint(), 0x100000002u);
  mp::Value neg = parse({0xFF});  // negative fixint -1
  EXPECT_TRUE(neg.negative);
  EXPECT_EQ(static_cast<int64_t>(neg.integer), -1);
  EXPECT_FALSE(neg.as_uint());
  EXPECT_EQ(static_cast<int64_t>(parse({0xD1, 0xFF, 0x00}).integer), -256);
  EXPECT_EQ(parse({0xD0, 0x05}).as_uint(), 5u);  // a non-negative int8 is a valid unsigned value
}

TEST(Msgpack, StringsMapsArraysAndOthers) {
  mp::Value m = parse({0x82, 0xA2, 'a', 'b', 0x01, 0xD9, 0x01, 'c', 0x92, 0xC3, 0xC0});
  ASSERT_EQ(m.type, mp::Value::Type::Map);
  EXPECT_EQ(m.map_size(), 2u);
  EXPECT_EQ(m.find("ab")->as_uint(), 1u);
  const mp::Value* c = m.find("c");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->type, mp::Value::Type::Array);
  EXPECT_TRUE(c->items[0].boolean);
  EXPECT_EQ(c->items[1].type, mp::Value::Type::Nil);
  EXPECT_EQ(m.find("zz"), nullptr);
  EXPECT_EQ(parse({0xC4, 0x02, 1, 2}).type, mp::Value::Type::Bin);
  EXPECT_EQ(parse({0xCB, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0}).real, 1.0);
  EXPECT_EQ(parse({0xD6, 0x01, 1, 2, 3, 4}).bytes.size(), 4u);  // fixext4 keeps its payload
}

TEST(Msgpack, MalformedInputIsAnError) {
  EXPECT_EQ(error_of({}), ENOEXEC);
  EXPECT_EQ(error_of({0xC1}), ENOEXEC);                    // never used
  EXPECT_EQ(error_of({0xA5, 'a'}), ENOEXEC);               // string past the end
  EXPECT_EQ(error_of({0xCE, 0x00}), ENOEXEC);              // truncated integer
  EXPECT_EQ(error_of({0xDD, 0xFF, 0xFF, 0xFF, 0xFF}), ENOEXEC);  // 4G elements in 0 bytes: no allocation
  EXPECT_EQ(error_of({0x81, 0x01}), ENOEXEC);              // map without its value
  EXPECT_EQ(error_of({0x01, 0x02}), ENOEXEC);              // trailing bytes
  std::vector<uint8_t> deep(mp::kMaxDepth + 2, 0x91);       // arrays nested past the limit
  deep.push_back(0x00);
  EXPECT_EQ(error_of(deep), ENOEXEC);
  std::vector<uint8_t> ok(mp::kMaxDepth, 0x91);
  ok.push_back(0x00);
  EXPECT_EQ(error_of(ok), 0);
}

}  // namespace
}  // namespace sporkle::test
