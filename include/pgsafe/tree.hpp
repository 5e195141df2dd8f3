// One parse tree, as RawParse (src/raw_tree.hpp) writes it.
//
// The tree is a simdjson document in simdjson's own tape format (simdjson's
// doc/tape.md), so simdjson can print or compare it, but nothing else in
// pgsafe uses simdjson to read it: `Node` (node.hpp) walks the tape itself.
// The writer stores each distinct key once per tree and points every use of
// it at that copy, and `key_at` records where: so a field lookup compares one
// 64-bit tape word per field instead of the key's bytes.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>

#include "pgsafe/generated/tree_keys.hpp"

namespace pgsafe {

struct Tree {
  simdjson::dom::document doc;
  // Each key's offset in doc.string_buf, by keys::Key; k_absent for a key
  // the tree does not use.
  std::array<uint32_t, keys::k_key_names.size()> key_at;
  static constexpr uint32_t k_absent = UINT32_MAX;
};

}  // namespace pgsafe
