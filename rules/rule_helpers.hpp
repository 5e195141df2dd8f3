// Small helpers shared by rule files.
#pragma once

#include <cctype>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "pgsafe/analysis.hpp"
#include "pgsafe/lexer.hpp"

namespace pgsafe::rules {

// "orders" -> "`orders`"
inline std::string ticked(std::string_view s) { return fmt::format("`{}`", s); }

// Is token `t` the keyword `w` (lowercase), case-insensitively?
inline bool word_is(std::string_view text, const Token& t, std::string_view w) {
  if (t.kind != TokenKind::Word || t.span.end - t.span.begin != w.size()) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[t.span.begin + i])) != w[i]) return false;
  }
  return true;
}

// Calls fn(info, action) for every action of the given kind in `stmts`.
template <class Fn>
void for_each_action(std::span<const StmtInfo> stmts, ActionKind kind, Fn&& fn) {
  for (const StmtInfo& info : stmts) {
    for (const Action& a : info.actions) {
      if (a.kind == kind) fn(info, a);
    }
  }
}

}  // namespace pgsafe::rules
