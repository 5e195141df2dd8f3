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
  auto it = m_tables.find(name);
  return it == m_tables.end() ? nullptr : it->second;
}

const Table* Catalog::find(std::string_view name) const {
  auto it = m_tables.find(name);
  return it == m_tables.end() ? nullptr : it->second.get();
}

Table* Catalog::edit(std::string_view name) {
  auto it = m_tables.find(name);
  if (it == m_tables.end()) return nullptr;
  if (it->second.use_count() > 1) {
    it->second = std::make_shared<Table>(*it->second);
  }
  return const_cast<Table*>(it->second.get());  // sole owner: safe to modify
}

void Catalog::link_child(const Table& t) {
  if (t.parent.empty()) return;
  m_children[t.parent].push_back(t.name);
  if (t.default_partition) m_default_children[t.parent].push_back(t.name);
}

void Catalog::unlink_child(const Table& t) {
  if (t.parent.empty()) return;
  auto it = m_children.find(t.parent);
  if (it != m_children.end()) std::erase(it->second, t.name);
  if (!t.default_partition) return;
  auto d = m_default_children.find(t.parent);
  if (d != m_default_children.end()) std::erase(d->second, t.name);
}

const std::vector<std::string>& Catalog::children(std::string_view name) const {
  static const std::vector<std::string> k_none;
  auto it = m_children.find(name);
  return it == m_children.end() ? k_none : it->second;
}

const std::vector<std::string>& Catalog::default_partitions(std::string_view name) const {
  static const std::vector<std::string> k_none;
  auto it = m_default_children.find(name);
  return it == m_default_children.end() ? k_none : it->second;
}

void Catalog::put(std::shared_ptr<Table> t) {
  std::string key = t->name;
  if (auto old = table(key)) unlink_child(*old);
  if (t->parent == t->name) t->parent.clear();
  link_child(*t);
  m_tables[key] = std::move(t);
}

void Catalog::note_reference(const std::string& to, const std::string& from) { m_referencing[to].insert(from); }

void Catalog::drop_table(std::string_view name) {
  auto t = table(name);
  if (!t) return;
  unlink_child(*t);
  // Partitions go with their partitioned table. Their list goes first, so
  // that dropping each does not search it (which was quadratic).
  auto kids_it = m_children.find(name);
  if (kids_it != m_children.end()) {
    std::vector<std::string> kids = std::move(kids_it->second);
    m_children.erase(kids_it);
    m_default_children.erase(std::string(name));
    if (t->kind == 'p') {
      for (const std::string& k : kids) drop_table(k);
    }
  }
  m_tables.erase(std::string(name));
  auto by = m_indexes_by_table.find(name);
  if (by != m_indexes_by_table.end()) {
    for (const std::string& idx : by->second) {
      auto it = m_indexes.find(idx);
      if (it != m_indexes.end() && it->second.table == name) m_indexes.erase(it);
    }
    m_indexes_by_table.erase(by);
  }
  auto lead = m_leading.find(name);  // every index of the table is gone
  if (lead != m_leading.end()) m_leading.erase(lead);
}

// An index counts even on a table the catalog does not know (one made
// before the migrations being checked).
bool Catalog::leading_indexed(std::string_view table_name, std::string_view column) const {
  if (index_leads(table_name, column)) return true;
  const Table* t = find(table_name);
  return t != nullptr && constraint_leads(*t, column);
}

bool Catalog::leading_indexed(const Table& t, std::string_view column) const {
  return index_leads(t.name, column) || constraint_leads(t, column);
}

bool Catalog::index_leads(std::string_view table_name, std::string_view column) const {
  auto by = m_leading.find(table_name);
  if (by == m_leading.end()) return false;
  auto n = by->second.find(column);
  return n != by->second.end() && n->second > 0;
}

bool Catalog::constraint_leads(const Table& t, std::string_view column) {
  return std::any_of(t.constraints.begin(), t.constraints.end(), [&](const Constraint& c) {
    return (c.type == "PRIMARY KEY" || c.type == "UNIQUE") && !c.columns.empty() && c.columns[0] == column;
  });
}

bool Catalog::has_index_missing_on(std::string_view parent, std::string_view child) const {
  auto indexes_of = [&](std::string_view t) {
    std::vector<const Index*> out;
    auto by = m_indexes_by_table.find(t);
    if (by == m_indexes_by_table.end()) return out;
    for (const std::string& name : by->second) {
      const Index* idx = index(name);
      if (idx && idx->table == t) out.push_back(idx);
    }
    return out;
  };
  std::vector<const Index*> mine = indexes_of(child);
  for (const Index* idx : indexes_of(parent)) {
    bool matched = std::any_of(mine.begin(), mine.end(), [&](const Index* m) { return m->columns == idx->columns; });
    if (!matched) return true;
  }
  return false;
}

std::vector<std::string> Catalog::all_tables() const {
  std::vector<std::string> out;
  for (const auto& [k, t] : m_tables) {
    if (t->kind == 'r' || t->kind == 'p' || t->kind == 'm') out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Catalog::object_table(std::string_view name) const {
  auto it = m_objects.find(name);
  return it == m_objects.end() ? std::string() : it->second;
}

void Catalog::rename_table(std::string_view from, std::string_view to) {
  auto it = m_tables.find(from);
  if (it == m_tables.end()) return;
  auto t = std::make_shared<Table>(*it->second);
  unlink_child(*t);
  m_tables.erase(it);
  t->name = std::string(to);
  link_child(*t);
  auto kids_it = m_children.find(from);
  if (kids_it != m_children.end()) {
    std::vector<std::string> kids = std::move(kids_it->second);
    m_children.erase(kids_it);
    for (const std::string& k : kids) {
      if (Table* c = edit(k)) c->parent = std::string(to);
    }
    m_children[std::string(to)] = std::move(kids);
  }
  auto defaults_it = m_default_children.find(from);
  if (defaults_it != m_default_children.end()) {
    std::vector<std::string> defaults = std::move(defaults_it->second);
    m_default_children.erase(defaults_it);
    m_default_children[std::string(to)] = std::move(defaults);
  }
  m_tables[t->name] = std::move(t);
  auto by = m_indexes_by_table.find(from);
  if (by != m_indexes_by_table.end()) {
    auto names = std::move(by->second);
    m_indexes_by_table.erase(by);
    for (const std::string& n : names) {
      auto it = m_indexes.find(n);
      if (it != m_indexes.end() && it->second.table == from) {
        count_leading(it->second, -1);
        it->second.table = std::string(to);
        count_leading(it->second, +1);
      }
    }
    m_indexes_by_table[std::string(to)].merge(names);
  }
  // Foreign keys elsewhere follow the rename.
  auto refs = m_referencing.find(from);
  if (refs != m_referencing.end()) {
    std::set<std::string, std::less<>> from_tables = std::move(refs->second);
    m_referencing.erase(refs);
    for (const std::string& r : from_tables) {
      if (Table* rt = edit(r)) {
        for (Constraint& c : rt->constraints) {
          if (c.type == "FOREIGN KEY" && c.references == from) c.references = std::string(to);
        }
      }
    }
    m_referencing[std::string(to)] = std::move(from_tables);
  }
}

const Index* Catalog::index(std::string_view name) const {
  auto it = m_indexes.find(name);
  return it == m_indexes.end() ? nullptr : &it->second;
}

void Catalog::count_leading(const Index& idx, int delta) {
  if (idx.columns.empty()) return;
  auto& by_column = m_leading[idx.table];
  uint32_t& n = by_column[idx.columns[0]];
  n = static_cast<uint32_t>(static_cast<int>(n) + delta);
  if (n == 0) {
    by_column.erase(idx.columns[0]);
    if (by_column.empty()) m_leading.erase(idx.table);
  }
}

void Catalog::put_index(Index idx) {
  m_indexes_by_table[idx.table].insert(idx.name);
  auto it = m_indexes.find(idx.name);
  if (it != m_indexes.end()) {  // replaces an index of that name
    count_leading(it->second, -1);
    it->second = std::move(idx);
    count_leading(it->second, +1);
    return;
  }
  count_leading(idx, +1);
  std::string key = idx.name;
  m_indexes.emplace(std::move(key), std::move(idx));
}

void Catalog::drop_index(std::string_view name) {
  auto it = m_indexes.find(name);
  if (it == m_indexes.end()) return;
  count_leading(it->second, -1);
  m_indexes.erase(it);
}

void Catalog::rename_index(std::string_view from, std::string_view to) {
  auto it = m_indexes.find(from);
  if (it == m_indexes.end()) return;
  Index idx = std::move(it->second);
  m_indexes.erase(it);
  idx.name = std::string(to);
  m_indexes_by_table[idx.table].insert(idx.name);
  // Same table and columns: the leading counts stand, unless it replaces an
  // index of the new name.
  auto old = m_indexes.find(idx.name);
  if (old != m_indexes.end()) {
    count_leading(old->second, -1);
    old->second = std::move(idx);
    return;
  }
  std::string key = idx.name;
  m_indexes.emplace(std::move(key), std::move(idx));
}

std::vector<std::string> Catalog::referencing(std::string_view name) const {
  std::vector<std::string> out;
  for_each_referencing(name, [&](const Table& t) { out.push_back(t.name); });
  return out;  // sorted and unique, as the set is
}

}  // namespace pgsafe
