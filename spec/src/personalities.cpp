#include <algorithm>
#include <cctype>

#include "sporkle/spec/personality.h"

namespace sporkle::spec {

extern const Personality kPersonalityGfx900;
extern const Personality kPersonalityGfx1030;

namespace {

constexpr const Personality* kAll[] = {&kPersonalityGfx900, &kPersonalityGfx1030};

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::span<const Personality* const> personalities() { return kAll; }

const Personality* find_personality(std::string_view name) {
  for (const Personality* p : kAll)
    if (iequals(p->name, name) || iequals(p->chip, name)) return p;
  return nullptr;
}

}  // namespace sporkle::spec
