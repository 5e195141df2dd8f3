// missing-lock-timeout: statements that queue for a blocking lock with no
// lock_timeout in effect.
#include <string>

#include "rule_helpers.hpp"

#include "pgsafe/rule.hpp"

namespace pgsafe::rules {
namespace {

// Does waiting for this lock stall reads or writes queued behind it?
bool blocking(LockMode m) { return m >= LockMode::Share; }

void check(const RuleContext& ctx, DiagnosticSink& sink) {
  const StmtInfo* first = nullptr;
  const Effect* first_effect = nullptr;
  size_t count = 0;
  auto flush = [&] {
    if (first == nullptr) return;
    std::string_view lock = lock_sql_name(first_effect->lock);
    std::string_view rel = first_effect->relation;
    // "an ACCESS EXCLUSIVE", "an EXCLUSIVE", but "a SHARE", "a SHARE ROW EXCLUSIVE".
    std::string_view article = (!lock.empty() && (lock[0] == 'A' || lock[0] == 'E')) ? "an" : "a";
    // A queued lock holds up only the operations it conflicts with: a SHARE
    // lock lets reads through but not writes.
    const bool blocks_reads = conflicts(first_effect->lock, LockMode::AccessShare);
    // Built by appending: one finding a stretch, and on a run over many small
    // files nearly every file has one, so four fmt::format calls and their
    // temporaries cost more than the rest of the rule.
    std::string msg;
    msg.reserve(160 + 2 * rel.size());
    msg.append("this statement waits for ").append(article).append(" ").append(lock).append(" lock on `");
    msg.append(rel).append("` with no lock_timeout: while it waits, ");
    msg.append(blocks_reads ? "every query on `" : "every write to `").append(rel).append("` queues behind it");
    if (count > 1) {
      msg.append(" (and ").append(std::to_string(count - 1)).append(" more statement");
      if (count > 2) msg.push_back('s');
      msg.append(" until a lock_timeout is set)");
    }
    Diagnostic& d = sink.report(first->stmt->span, msg);
    // Insert the setting just before the stretch's first statement: on a line
    // of its own when the statement starts its line, else inline. Each
    // stretch gets its own edit, so --fix can apply them all in one run.
    const ParsedFile& file = ctx.file;
    uint32_t begin = first->stmt->span.begin;
    uint32_t line_begin = file.source.lines.line_start(file.source.lines.line_of(begin));
    std::string_view before = file.text().substr(line_begin, begin - line_begin);
    bool own_line = before.find_first_not_of(" \t") == std::string_view::npos;
    uint32_t at = own_line ? line_begin : begin;
    d.fix = Fix{"Set lock_timeout before this statement",
                {Edit{Span{at, at}, own_line ? "SET lock_timeout = '2s';\n" : "SET lock_timeout = '2s'; "}}};
    first = nullptr;
    first_effect = nullptr;
    count = 0;
  };
  for (const StmtInfo& info : ctx.stmts) {
    if (info.lock_timeout) {
      flush();
      continue;
    }
    const Effect* worst = nullptr;
    for (const Effect& e : info.effects) {
      if (e.existing && blocking(e.lock) && (worst == nullptr || e.lock > worst->lock)) worst = &e;
    }
    if (worst == nullptr) continue;
    if (first == nullptr) {
      first = &info;
      first_effect = worst;
    }
    ++count;
  }
  flush();
}

}  // namespace

extern const Rule missing_lock_timeout{
    {"missing-lock-timeout", Severity::Warning, true, "Waiting for a blocking lock without a lock_timeout",
     "Start the migration with SET lock_timeout = '2s'; and retry the migration when it times out.",
     R"(## What it does
Reports a statement that needs a lock conflicting with reads or writes (SHARE or
stronger, such as the ACCESS EXCLUSIVE lock of most `ALTER TABLE` forms) on an existing
table while no `lock_timeout` is in effect. It is reported once per stretch of such
statements, at the first one; the message counts the others.

A lock_timeout is in effect after `SET lock_timeout`, `SET SESSION lock_timeout` or
`SELECT set_config('lock_timeout', v, false)` with a non-zero value earlier in the file;
`SET LOCAL` (or `set_config(.., true)`) lasts until the end of the transaction and does
nothing outside one. `RESET lock_timeout`, `RESET ALL`, `SET lock_timeout = 0` or
`DEFAULT`, and the ROLLBACK of the transaction that set it, end it.

## Why is this bad?
If a long-running query holds any lock on the table, the migration's statement waits
for it, and every later query on the table queues behind the waiting statement: a
short `ALTER TABLE` turns into an outage lasting as long as the slowest transaction.

## Safe alternative
Set a `lock_timeout` first. The statement then fails fast instead of stalling traffic,
and the migration can be retried.

## Example
```sql
-- bad
ALTER TABLE orders ADD COLUMN note text;
```
```sql
-- good
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
```
)",
     FixAvailability::Always},
    check};

}  // namespace pgsafe::rules
