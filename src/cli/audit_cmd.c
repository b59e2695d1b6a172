/* audit_cmd.c: `kblint audit`: the owners' review report (overdue and due-soon articles, and the
 * findings on each owner's articles), with a state file that remembers earlier runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "textout.h"

/* Prints "kblint: no owner 'NAME' in this audit (owners: a, b, ...)" to stderr. */
static void unknown_owner(const kb_audit *a, const char *name)
{
	enum { SHOWN = 10 };
	fputs("kblint: no owner '", stderr);
	kb_put_clean(stderr, name);
	fputs("' in this audit (owners: ", stderr);
	for (size_t i = 0; i < a->nowners && i < SHOWN; i++) {
		fputs(i ? ", " : "", stderr);
		kb_put_clean(stderr, a->owners[i].name);
	}
	if (a->nowners > SHOWN)
		fprintf(stderr, " and %zu more", a->nowners - SHOWN);
	fputs(a->nowners ? ")\n" : "none)\n", stderr);
}

int kb_cmd_audit(const kb_options *o, char **paths, int npaths)
{
	if (!kb_audit_format_known(o->format)) {
		fputs("kblint: unknown format '", stderr);
		kb_put_clean(stderr, o->format);
		fprintf(stderr, "' for audit (expected one of: %s)\n", kb_audit_formats());
		fputs(kb_cli_usage, stderr);
		return EXIT_USAGE;
	}
	if (kb_audit_email_check(o) != 0) /* audit e-mail */
		return EXIT_USAGE;
	/* a PATH that does not exist: exit 2, after the report of the others (the state file is
	 * left as it was: this run did not see the whole knowledge base) */
	bool missing;
	kb_setup s;
	if (kb_cli_begin(o, &paths, &npaths, &s, &missing) != 0)
		return EXIT_USAGE;
	kb_audit a;
	kb_audit_init(&a, &s.cfg, s.engine.today);
	kb_buf err = {0};
	int status = EXIT_CLEAN;
	/* a corrupt state stops the run before anything is read or written */
	if (o->state && kb_audit_state_read(&a, o->state, &err) != 0) {
		kb_put_clean_line(stderr, err.data);
		status = EXIT_USAGE;
		goto out;
	}
	s.engine.visit = kb_audit_visit;
	s.engine.visit_ud = &a;
	kb_results res;
	kb_results_init(&res);
	kb_date_format(s.engine.today, res.today);
	/* no article in the folders given: missing (the state file is left as it was) */
	kb_cli_walk(&s, &s.engine, paths, npaths, &res, &missing);
	kb_audit_finish(&a, &res);
	kb_results_free(&res);
	if (o->owner && !kb_audit_owner_find(&a, o->owner)) {
		unknown_owner(&a, o->owner);
		status = EXIT_USAGE;
		goto out;
	}
	kb_buf report = {0};
	if (o->email) {
		/* audit e-mail: one message per owner instead of the report (audit_email.c) */
		int failed = kb_audit_email(o, &a, &s.cfg);
		if (failed < 0) {
			status = EXIT_USAGE;
		} else if (!missing && o->state && kb_audit_state_write(&a, o->state, &err) != 0) {
			kb_put_clean_line(stderr, err.data);
			status = EXIT_USAGE;
		} else if (failed > 0) {
			status = EXIT_FINDINGS;
		}
	} else if (kb_audit_render(&a, o->format, o->owner, &report) != 0) {
		fputs("kblint: cannot render the audit\n", stderr);
		status = EXIT_USAGE;
	} else if (kb_cli_write_output(o->output, report.data, report.len, "report") != 0) {
		status = EXIT_USAGE;
	} else if (!missing && o->state && kb_audit_state_write(&a, o->state, &err) != 0) {
		/* the state is written only after the report went out */
		kb_put_clean_line(stderr, err.data);
		status = EXIT_USAGE;
	}
	if (missing)
		status = EXIT_USAGE;
	kb_buf_free(&report);
out:
	kb_buf_free(&err);
	kb_audit_free(&a);
	kb_cli_setup_free(&s);
	return status;
}
