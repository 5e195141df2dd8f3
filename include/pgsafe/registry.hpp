// The list of rules. registry.cpp is the only place that enumerates them.
#pragma once

#include <string_view>
#include <vector>

#include "pgsafe/rule.hpp"

namespace pgsafe {

// All rules, sorted by id.
const std::vector<const Rule*>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace pgsafe
