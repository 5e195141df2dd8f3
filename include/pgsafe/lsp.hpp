// `pgsafe lsp`: a Language Server Protocol server over stdio.
//
// JSON-RPC 2.0 messages framed by `Content-Length` headers. Full-text
// document sync; diagnostics are published for the edited document after
// replaying the earlier migrations of its set (migration_set.hpp; read from
// disk, open buffers win) so the catalog knows the schema. Edits that arrive
// while more input is waiting are linted together, at the last text.
// pgsafe.toml applies (the nearest one up from the document's directory).
// Code actions offer each fix and a suppression comment; hover shows the
// rule's documentation.
#pragma once

#include <istream>
#include <ostream>

namespace pgsafe {

// Serves requests from `in` until `exit`; returns the process exit status
// (0 after shutdown, 1 when the client exits or disconnects without it).
int run_lsp(std::istream& in, std::ostream& out);

}  // namespace pgsafe
