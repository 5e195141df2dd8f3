// `pgsafe explain`: the per-statement lock / rewrite / scan table.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "pgsafe/lint.hpp"

namespace pgsafe {

struct ExplainedStatement {
  std::string path;
  uint32_t line = 0;
  uint32_t end_line = 0;
  std::string text;  // the statement on one line, shortened
  std::vector<Effect> effects;
  std::vector<std::string> rules;  // rules that reported at this statement
};

enum class ExplainFormat { Text, Json, Markdown };

std::vector<ExplainedStatement> explain(const LintResult& r);
void write_explain(const std::vector<ExplainedStatement>& stmts, ExplainFormat f, std::ostream& out);

}  // namespace pgsafe
