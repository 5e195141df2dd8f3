#include "pgsafe/catalog.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace pgsafe {

std::string TypeInfo::display() const {
  std::string out = name;
  if (!mods.empty()) {
    out += '(';
    for (size_t i = 0; i < mods.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(mods[i]);
    }
    out += ')';
  }
  if (array) out += "[]";
  return out;
}

const Column* Table::column(std::string_view n) const {
  for (const Column& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

Column* Table::column(std::string_view n) {
  for (Column& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

const Constraint* Table::constraint(std::string_view n) const {
  for (const Constraint& c : constraints) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

bool Table::has_validated_not_null_check(std::string_view col) const {
  return std::any_of(constraints.begin(), constraints.end(),
                     [&](const Constraint& c) { return c.validated && c.not_null_column == col; });
}

std::shared_ptr<const Table> Catalog::table(std::string_view name) const {
  auto it = m_tables.find(std::string(name));
  return it == m_tables.end() ? nullptr : it->second;
}

Table* Catalog::edit(std::string_view name) {
  auto it = m_tables.find(std::string(name));
  if (it == m_tables.end()) return nullptr;
  if (it->second.use_count() > 1) {
    it->second = std::make_shared<Table>(*it->second);
  }
  return const_cast<Table*>(it->second.get());  // sole owner: safe to modify
}

void Catalog::put(std::shared_ptr<Table> t) {
  std::string key = t->name;
  m_tables[key] = std::move(t);
}

void Catalog::drop_table(std::string_view name) {
  m_tables.erase(std::string(name));
  std::erase_if(m_indexes, [&](const auto& kv) { return kv.second.table == name; });
}

void Catalog::rename_table(std::string_view from, std::string_view to) {
  auto it = m_tables.find(std::string(from));
  if (it == m_tables.end()) return;
  auto t = std::make_shared<Table>(*it->second);
  m_tables.erase(it);
  t->name = std::string(to);
  m_tables[t->name] = std::move(t);
  for (auto& [k, idx] : m_indexes) {
    if (idx.table == from) idx.table = std::string(to);
  }
}

const Index* Catalog::index(std::string_view name) const {
  auto it = m_indexes.find(std::string(name));
  return it == m_indexes.end() ? nullptr : &it->second;
}

void Catalog::put_index(Index idx) {
  std::string key = idx.name;
  m_indexes[key] = std::move(idx);
}

void Catalog::drop_index(std::string_view name) { m_indexes.erase(std::string(name)); }

void Catalog::rename_index(std::string_view from, std::string_view to) {
  auto it = m_indexes.find(std::string(from));
  if (it == m_indexes.end()) return;
  Index idx = std::move(it->second);
  m_indexes.erase(it);
  idx.name = std::string(to);
  m_indexes[idx.name] = std::move(idx);
}

std::vector<std::string> Catalog::referencing(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, t] : m_tables) {
    for (const Constraint& c : t->constraints) {
      if (c.type == "FOREIGN KEY" && c.references == name && k != name) {
        out.push_back(k);
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pgsafe
