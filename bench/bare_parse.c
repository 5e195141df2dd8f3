/*
 * bare_parse.c -- the parse floor for bench/run.sh.
 *
 * Reads one file and calls libpg_query's pg_query_split_with_parser() on it
 * once: the minimum work any libpg_query-based linter has to do.  Prints the
 * statement count (or the parse error) to stdout; exits 0 on success, 1 on a
 * parse error, 2 on a usage/IO error.
 *
 *   cc -O2 -o bare_parse bench/bare_parse.c -lpg_query
 *   ./bare_parse FILE.sql
 */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE.sql\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  size_t cap = 1 << 16, len = 0, n;
  char *buf = malloc(cap);
  if (!buf) {
    perror("malloc");
    return 2;
  }
  while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len - 1 == 0) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        perror("realloc");
        return 2;
      }
      buf = nb;
      cap *= 2;
    }
  }
  if (ferror(f)) {
    perror(argv[1]);
    return 2;
  }
  fclose(f);
  buf[len] = '\0';

  PgQuerySplitResult r = pg_query_split_with_parser(buf);
  int rc = 0;
  if (r.error) {
    printf("parse error: %s at offset %d\n", r.error->message, r.error->cursorpos);
    rc = 1;
  } else {
    printf("%d statements, %zu bytes\n", r.n_stmts, len);
  }
  pg_query_free_split_result(r);
  free(buf);
  return rc;
}
