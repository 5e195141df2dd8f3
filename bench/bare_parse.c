/*
 * bare_parse.c -- the parse floor for bench/run.sh.
 *
 * Reads each file named and calls libpg_query's pg_query_split_with_parser()
 * on it once: the minimum work any libpg_query-based linter has to do.
 * Prints the statement count (or the parse error of each file that has one)
 * to stdout; exits 0 when every file parsed, 1 when one had a parse error
 * (libpg_query stops at a file's first error, so such a file costs it less
 * than a linter that parses the rest), 2 on a usage/IO error.
 *
 * With -j N, N threads share the files, each taking the next unread one (as
 * pgsafe's --jobs does): the least wall time any libpg_query-based linter
 * can take on many files with N cores, reading included. libpg_query keeps
 * its parser state per thread, so the calls may overlap. The output is the
 * same for every N: errors are printed in the order the files were named.
 *
 *   cc -O2 -pthread -o bare_parse bench/bare_parse.c -lpg_query
 *   ./bare_parse [-j N] FILE.sql...
 */
#include <pg_query.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One file's outcome, printed by main in file order. */
struct result {
  long stmts;
  size_t bytes;
  char *error; /* the parse error's line, malloc'd; NULL when it parsed */
  int io_failed;
};

struct shared {
  char **paths;
  int n;
  atomic_int next; /* the next file no thread has taken */
  struct result *results;
};

static void *parse_files(void *arg) {
  struct shared *sh = arg;
  for (int i; (i = atomic_fetch_add(&sh->next, 1)) < sh->n;) {
    struct result *res = &sh->results[i];
    char *buf = read_all(sh->paths[i], &res->bytes);
    if (!buf) {
      res->io_failed = 1;
      continue;
    }
    PgQuerySplitResult r = pg_query_split_with_parser(buf);
    if (r.error) {
      const char *fmt = "%s: parse error: %s at offset %d\n";
      int len = snprintf(NULL, 0, fmt, sh->paths[i], r.error->message, r.error->cursorpos);
      res->error = malloc((size_t)len + 1);
      if (res->error) snprintf(res->error, (size_t)len + 1, fmt, sh->paths[i], r.error->message, r.error->cursorpos);
    } else {
      res->stmts = r.n_stmts;
    }
    pg_query_free_split_result(r);
    free(buf);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int jobs = 1, first = 1;
  if (argc > 2 && strcmp(argv[1], "-j") == 0) {
    jobs = atoi(argv[2]);
    first = 3;
  }
  if (argc <= first || jobs < 1 || jobs > 1024) {
    fprintf(stderr, "usage: %s [-j N] FILE.sql...\n", argv[0]);
    return 2;
  }
  struct shared sh = {argv + first, argc - first, 0, calloc((size_t)(argc - first), sizeof(struct result))};
  if (!sh.results) {
    perror("calloc");
    return 2;
  }
  pthread_t threads[1024];
  int started = 0;
  for (; started < jobs - 1; ++started) {
    if (pthread_create(&threads[started], NULL, parse_files, &sh) != 0) break; /* fewer threads, same work */
  }
  parse_files(&sh);
  for (int t = 0; t < started; ++t) pthread_join(threads[t], NULL);

  long stmts = 0;
  size_t bytes = 0;
  int rc = 0;
  for (int i = 0; i < sh.n; ++i) {
    if (sh.results[i].io_failed) return 2;
    if (sh.results[i].error) {
      fputs(sh.results[i].error, stdout);
      free(sh.results[i].error);
      rc = 1;
    }
    stmts += sh.results[i].stmts;
    bytes += sh.results[i].bytes;
  }
  free(sh.results);
  printf("%ld statements, %zu bytes, %d files\n", stmts, bytes, sh.n);
  return rc;
}
