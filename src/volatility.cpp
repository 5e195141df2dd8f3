// Volatility of PostgreSQL's built-in functions, generated from a real
// server's pg_proc by scripts/gen-function-volatility.sh.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "pgsafe/analysis.hpp"

namespace pgsafe {
namespace {
struct FunctionVolatility {
  std::string_view name;
  char volatility;  // 'i' immutable, 's' stable, 'v' volatile
};
constexpr FunctionVolatility k_functions[] = {
#include "generated/function_volatility.inc"
};
}  // namespace

char builtin_volatility(std::string_view function_name) {
  auto it = std::lower_bound(std::begin(k_functions), std::end(k_functions), function_name,
                             [](const FunctionVolatility& f, std::string_view n) { return f.name < n; });
  return it != std::end(k_functions) && it->name == function_name ? it->volatility : 0;
}

}  // namespace pgsafe
