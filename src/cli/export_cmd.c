/* export_cmd.c: `kblint export`: each article's verdict for the pipelines that feed AI
 * assistants, as JSON Lines, one JSON array or CSV, or a folder of the articles they may use
 * (export_dir.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "textout.h"

int kb_cmd_export(const kb_options *o, char **paths, int npaths)
{
	const char *format = o->format_set ? o->format : "jsonl";
	if (!kb_export_format_known(format)) {
		fputs("kblint: unknown format '", stderr);
		kb_put_clean(stderr, format);
		fprintf(stderr, "' for export (expected one of: %s)\n", kb_export_formats());
		fputs(kb_cli_usage, stderr);
		return EXIT_USAGE;
	}
	if (o->out_dir && (o->output || o->format_set))
		return kb_cli_usage_error("%s", o->output ? "--out-dir and --output cannot be used together"
						   : "--out-dir writes Markdown files and a manifest; "
						     "it takes no --format");
	/* a PATH that does not exist: exit 2, after the export of the others */
	bool missing;
	kb_setup s;
	if (kb_cli_begin(o, &paths, &npaths, &s, &missing) != 0)
		return EXIT_USAGE;
	kb_content_mode content = o->content >= 0 ? (kb_content_mode)o->content
						  : s.cfg.export_.content;
	if (o->out_dir && content == KB_CONTENT_NONE)
		content = KB_CONTENT_FULL; /* the folder's files are the articles */
	/* the folder is checked before anything is read: a refusal costs nothing */
	if (o->out_dir && kb_export_dir_check(o->out_dir) != 0) {
		kb_cli_setup_free(&s);
		return EXIT_USAGE;
	}
	kb_export *x = kb_export_new(&s.cfg, &s.rules, s.engine.today, content);
	kb_export_roots(x, paths, (size_t)npaths);
	s.engine.visit = kb_export_visit;
	s.engine.visit_ud = x;
	kb_results res;
	kb_results_init(&res);
	kb_date_format(s.engine.today, res.today);
	kb_cli_walk(&s, &s.engine, paths, npaths, &res, &missing);
	kb_export_finish(x, &res);
	kb_results_free(&res);
	unsigned only = o->only ? o->only : KB_TRUST_ALL;
	int status = EXIT_CLEAN;
	if (o->out_dir) {
		/* a folder that misses PATHs would drop their articles: left as it was */
		if (!missing && kb_export_dir_write(o->out_dir, x, only) != 0)
			status = EXIT_USAGE;
	} else if (!o->output) {
		/* straight to stdout: the report can be as large as the knowledge base */
		if (kb_export_render(x, format, only, stdout) != 0 || fflush(stdout) != 0 ||
		    ferror(stdout)) {
			fprintf(stderr, "kblint: cannot write the export: %s\n", strerror(errno));
			status = EXIT_USAGE;
		}
	} else {
		char *data = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&data, &len);
		if (!mem || kb_export_render(x, format, only, mem) != 0 || fclose(mem) != 0) {
			fputs("kblint: cannot render the export\n", stderr);
			status = EXIT_USAGE;
		} else if (kb_cli_write_output(o->output, data, len, "export") != 0) {
			status = EXIT_USAGE;
		}
		free(data);
	}
	if (missing)
		status = EXIT_USAGE;
	kb_export_free(x);
	kb_cli_setup_free(&s);
	return status;
}
