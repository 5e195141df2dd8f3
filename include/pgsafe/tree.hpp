// One parse tree, as RawParse (src/raw_tree.hpp) writes it: libpg_query's
// JSON form of PostgreSQL's tree, laid out as a tape of 64-bit words that
// `Node` (node.hpp) walks. Each word is a type character in its top 8 bits
// and a 56-bit payload:
//   'r'  tape[0] only; the payload is the tape's length.
//   '{'  an object, '[' an array: bits 32-55 count its fields or elements
//        (saturated at 2^24 - 1) and bits 0-31 are the index just past its
//        last word. An object is a key word and a value per field; nothing
//        closes either, so a walk steps over one in a single move.
//   'k'  a key: the payload is its keys::Key number, so a field lookup
//        compares one word per field with a constant, and no tree stores
//        a key's name.
//   '"'  a string: the payload is its offset in `strings`, which holds a
//        32-bit length, the bytes and a NUL.
//   'i'  an integer that fits in 56 bits, sign-extended from the payload;
//   'l'  a larger integer, 'u' an unsigned one above INT64_MAX, 'd' a
//        double: the raw 64 bits follow in the next word.
//   't'  true, 'f' false.
// The layout began as simdjson's tape (its doc/tape.md), which pgsafe no
// longer reads with simdjson: against it, keys are numbers instead of
// strings, small integers take one word instead of two, and containers have
// no closing word. On the corpus the tapes came to 2.8 million words
// instead of 3.9 million, and the writer no longer copies each key's name
// into every tree nor keeps a 3.6 KB table of where each tree put them.
#pragma once

#include <cstdint>
#include <memory>

#include "pgsafe/generated/tree_keys.hpp"

namespace pgsafe {

struct Tree {
  std::unique_ptr<uint64_t[]> tape;
  std::unique_ptr<uint8_t[]> strings;

  // A word's payload bits, and the word of a type character: what RawParse
  // writes and Node reads.
  static constexpr uint64_t k_payload = (uint64_t{1} << 56) - 1;
  static constexpr uint64_t tag(char c) { return static_cast<uint64_t>(static_cast<unsigned char>(c)) << 56; }
  // The tape word of a key.
  static constexpr uint64_t key_word(keys::Key k) { return tag('k') | k; }
};

}  // namespace pgsafe
