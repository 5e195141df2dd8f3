/*
 * bare_parse.c -- the parse floor for bench/run.sh.
 *
 * Reads each file named and calls libpg_query's pg_query_split_with_parser()
 * on it once: the minimum work any libpg_query-based linter has to do, on one
 * thread.  Prints the statement count (or the parse error of each file that
 * has one) to stdout; exits 0 when every file parsed, 1 when one had a parse
 * error (libpg_query stops at a file's first error, so such a file costs it
 * less than a linter that parses the rest), 2 on a usage/IO error.
 *
 *   cc -O2 -o bare_parse bench/bare_parse.c -lpg_query
 *   ./bare_parse FILE.sql...
 */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>

/* The whole of `path`, NUL-terminated, or NULL (after a message). */
static char *read_all(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  size_t cap = 1 << 16, len = 0, n;
  char *buf = malloc(cap);
  if (!buf) {
    perror("malloc");
    fclose(f);
    return NULL;
  }
  while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len - 1 == 0) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        perror("realloc");
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
      cap *= 2;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    perror(path);
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  *len_out = len;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE.sql...\n", argv[0]);
    return 2;
  }
  long stmts = 0;
  size_t bytes = 0;
  int rc = 0;
  for (int a = 1; a < argc; ++a) {
    size_t len = 0;
    char *buf = read_all(argv[a], &len);
    if (!buf) return 2;
    PgQuerySplitResult r = pg_query_split_with_parser(buf);
    if (r.error) {
      printf("%s: parse error: %s at offset %d\n", argv[a], r.error->message, r.error->cursorpos);
      rc = 1;
    } else {
      stmts += r.n_stmts;
    }
    bytes += len;
    pg_query_free_split_result(r);
    free(buf);
  }
  printf("%ld statements, %zu bytes, %d files\n", stmts, bytes, argc - 1);
  return rc;
}
