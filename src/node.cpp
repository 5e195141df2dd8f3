#include "pgsafe/node.hpp"

namespace pgsafe {

std::string_view Node::str() const {
  const char k = kind();
  if (k == '"') return string_at(tape()[m_at]);
  if (k != '{') return {};
  // {"String": {"sval": "x"}} and A_Const's {"sval": {"sval": "x"}}.
  Node s = (*this)["sval"];
  if (s.is_object()) s = s["sval"];
  return s.kind() == '"' ? s.string_at(s.tape()[s.m_at]) : std::string_view();
}

size_t Node::size() const {
  if (!is_array()) return 0;
  // The count saturates at 2^24 - 1 (tree.hpp); count those.
  const auto count = static_cast<size_t>((tape()[m_at] >> 32) & 0xFFFFFF);
  if (count < 0xFFFFFF) return count;
  size_t n = 0;
  for (Iterator it = begin(), e = end(); it != e; ++it) ++n;
  return n;
}

Node Node::at(size_t i) const {
  for (Iterator it = begin(), e = end(); it != e; ++it, --i) {
    if (i == 0) return *it;
  }
  return {};
}

std::string join_names(Node list) {
  std::string out;
  for (Node n : list) {
    if (!out.empty()) out += '.';
    out += n.str();
  }
  return out;
}

std::string_view last_name(Node list) {
  size_t n = list.size();
  return n == 0 ? std::string_view{} : list.at(n - 1).str();
}

}  // namespace pgsafe
