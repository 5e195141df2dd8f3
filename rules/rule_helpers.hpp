// Small helpers shared by rule files.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "pgsafe/analysis.hpp"

namespace pgsafe::rules {

// "orders" -> "`orders`"
inline std::string ticked(std::string_view s) { return fmt::format("`{}`", s); }

// Calls fn(info, action) for every action of the given kind in the file.
template <class Fn>
void for_each_action(const FileAnalysis& fa, ActionKind kind, Fn&& fn) {
  for (const StmtInfo& info : fa.stmts) {
    for (const Action& a : info.actions) {
      if (a.kind == kind) fn(info, a);
    }
  }
}

}  // namespace pgsafe::rules
