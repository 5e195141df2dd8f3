// unused-ignore: reported by the suppression pass (src/suppress.cpp).
#include "pgsafe/rule.hpp"

namespace pgsafe::rules {

extern const Rule unused_ignore{{"unused-ignore", Severity::Warning, true, "A pgsafe-ignore comment that does nothing",
                                 "Remove the comment, or correct the rule id.",
                                 R"(## What it does
Reports a `-- pgsafe-ignore rule` or `-- pgsafe-ignore-file rule` comment that names
an unknown rule, or a rule that ran but reported nothing the comment could suppress.
Comments naming a rule that is turned off are not reported.

## Why is this bad?
A stale suppression hides the next real finding of that rule in the statement, and a
misspelled rule id suppresses nothing while looking like it does.

## Safe alternative
Delete the comment, or fix the rule id (`pgsafe rules` lists them).

## Example
```sql
-- bad: nothing to suppress here
-- pgsafe-ignore drop-column
ALTER TABLE users ADD COLUMN note text;
```
```sql
-- good
ALTER TABLE users ADD COLUMN note text;
```
)",
                                 FixAvailability::None},
                                nullptr};

}  // namespace pgsafe::rules
