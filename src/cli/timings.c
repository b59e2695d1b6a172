/* timings.c: kblint check --timings: where the run's time went, by stage and by rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
	const char *what;
	double s;
} entry;

static int by_time(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? 1 : -1;
	return strcmp(x->what, y->what);
}

void kb_timings_print(FILE *f, const kb_timings *t, const kb_ruleset *rules, size_t files)
{
	size_t n = 0;
	entry *v = xcalloc(rules->n + 8, sizeof *v);
	v[n++] = (entry){"(finding the files)", t->walk};
	v[n++] = (entry){"(reading and parsing files)", t->load};
	v[n++] = (entry){"(sentences that state quantities)", t->statements};
	v[n++] = (entry){"(one pass over the prose for every pattern)", t->prefilter};
	v[n++] = (entry){"(that pass's patterns: compiled, or read from the cache)", t->prefilter_build};
	v[n++] = (entry){"(summaries: anchors and links)", t->summaries};
	v[n++] = (entry){"(taking files back in walk order)", t->commit};
	v[n++] = (entry){"(cross-article passes)", t->corpus};
	for (size_t i = 0; i < rules->n; i++)
		v[n++] = (entry){rules->v[i]->id, t->rule[i]};
	qsort(v, n, sizeof *v, by_time);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i].s;
	fprintf(f, "kblint: %zu file%s on %u thread%s in %.3f s; seconds summed over the threads:\n",
		files, files == 1 ? "" : "s", t->threads, t->threads == 1 ? "" : "s", t->wall);
	fputs("  seconds   share  stage or rule\n", f);
	for (size_t i = 0; i < n && v[i].s >= 0.0005; i++)
		fprintf(f, "%9.3f  %5.1f%%  %s\n", v[i].s, sum > 0 ? 100 * v[i].s / sum : 0, v[i].what);
	free(v);
}
