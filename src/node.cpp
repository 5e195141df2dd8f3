#include "pgsafe/node.hpp"

#include <optional>

namespace pgsafe {

namespace {
const simdjson::dom::array& empty_array() {
  static simdjson::dom::parser parser;
  static simdjson::dom::array arr = parser.parse(std::string_view("[]")).get_array().value_unsafe();
  return arr;
}
}  // namespace

namespace {
// The single field of a wrapped node, {"Type": {...fields...}}, or nothing
// when `obj` is not one. The one place that says what a wrapper is.
std::optional<simdjson::dom::key_value_pair> wrapper_of(simdjson::dom::object obj) {
  if (obj.size() != 1) return std::nullopt;
  auto field = *obj.begin();
  if (field.key.empty() || field.key[0] < 'A' || field.key[0] > 'Z' || !field.value.is_object()) return std::nullopt;
  return field;
}
}  // namespace

std::string_view Node::type() const {
  simdjson::dom::object obj;
  if (!m_valid || m_el.get_object().get(obj) != simdjson::SUCCESS) return {};
  auto w = wrapper_of(obj);
  return w ? w->key : std::string_view();
}

Node Node::body() const {
  simdjson::dom::object obj;
  if (!m_valid || m_el.get_object().get(obj) != simdjson::SUCCESS) return *this;
  auto w = wrapper_of(obj);
  return w ? Node(w->value) : *this;
}

Node Node::operator[](std::string_view field) const {
  // body() and the lookup in one pass over the object (the analysis and the
  // rules do this for nearly every field they read).
  simdjson::dom::object obj;
  if (!m_valid || m_el.get_object().get(obj) != simdjson::SUCCESS) {
    return {};
  }
  if (auto w = wrapper_of(obj)) obj = w->value.get_object().value_unsafe();
  simdjson::dom::element out;
  if (obj.at_key(field).get(out) != simdjson::SUCCESS) {
    return {};
  }
  return Node(out);
}

std::string_view Node::str() const {
  if (!m_valid) {
    return {};
  }
  if (m_el.is_string()) {
    return m_el.get_string().value_unsafe();
  }
  // {"String": {"sval": "x"}} and A_Const's {"sval": {"sval": "x"}}.
  Node s = (*this)["sval"];
  if (s && s.m_el.is_object()) {
    s = s["sval"];
  }
  if (s && s.m_el.is_string()) {
    return s.m_el.get_string().value_unsafe();
  }
  return {};
}

int64_t Node::num(int64_t fallback) const {
  if (!m_valid) {
    return fallback;
  }
  int64_t v = 0;
  if (m_el.get_int64().get(v) == simdjson::SUCCESS) {
    return v;
  }
  uint64_t u = 0;
  if (m_el.get_uint64().get(u) == simdjson::SUCCESS) {
    return static_cast<int64_t>(u);
  }
  return fallback;
}

bool Node::flag() const {
  bool b = false;
  return m_valid && m_el.get_bool().get(b) == simdjson::SUCCESS && b;
}

Node::Iterator Node::begin() const {
  if (m_valid && m_el.is_array()) {
    return Iterator(m_el.get_array().value_unsafe().begin());
  }
  return Iterator(empty_array().begin());
}

Node::Iterator Node::end() const {
  if (m_valid && m_el.is_array()) {
    return Iterator(m_el.get_array().value_unsafe().end());
  }
  return Iterator(empty_array().end());
}

size_t Node::size() const {
  if (m_valid && m_el.is_array()) {
    return m_el.get_array().value_unsafe().size();
  }
  return 0;
}

Node Node::at(size_t i) const {
  if (m_valid && m_el.is_array()) {
    simdjson::dom::element e;
    if (m_el.get_array().value_unsafe().at(i).get(e) == simdjson::SUCCESS) {
      return Node(e);
    }
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
